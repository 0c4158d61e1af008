/**
 * A @web/test-runner plugin that sets the test page's clipboard permissions in its Playwright
 * context: `executeServerCommand('clipboard-permission', {grant})` grants clipboard-read and
 * clipboard-write to the page's origin (`grant: true`) or denies both through the DevTools
 * protocol (`grant: false`): the browser itself refuses `navigator.clipboard.writeText`, as
 * it does for a page a person did not allow. Browser tests reach it through
 * test/browser/helpers/clipboard.ts.
 */
import type {BrowserContext, Page} from 'playwright-core';

interface Session {
  id: string;
  browser: {type: string; getPage(id: string): Page};
}

export function clipboardPlugin() {
  return {
    name: 'clipboard-permission',
    async executeCommand({
      command,
      payload,
      session,
    }: {
      command: string;
      payload?: unknown;
      session: Session;
    }): Promise<boolean | undefined> {
      if (command !== 'clipboard-permission') return undefined;
      if (session.browser.type !== 'playwright')
        throw new Error('clipboard-permission: Playwright only');
      const page = session.browser.getPage(session.id);
      const context: BrowserContext = page.context();
      const origin = new URL(page.url()).origin;
      const {grant} = payload as {grant: boolean};
      await context.clearPermissions();
      if (grant) {
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin});
        return true;
      }
      const cdp = await context.newCDPSession(page);
      for (const name of ['clipboard-read', 'clipboard-write']) {
        await cdp.send('Browser.setPermission', {permission: {name}, setting: 'denied', origin});
      }
      await cdp.detach();
      return true;
    },
  };
}
