import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import type {Page} from 'playwright-core';
/**
 * The README's strict policy: no inline script or style, Trusted Types for Lit only (and
 * the `policies` a page adds, e.g. `zaby-chat-html` for the html add-on).
 */
export function strictCsp(apiOrigin: string, ...policies: string[]): string {
  return [
    `default-src 'none'`,
    `script-src 'self'`,
    `style-src 'self'`,
    `connect-src 'self' ${apiOrigin}`,
    `img-src 'self'`,
    `require-trusted-types-for 'script'`,
    `trusted-types ${['lit-html', ...policies].join(' ')}`,
  ].join('; ');
}

/** Records the page's CSP and Trusted Types violations from its first script on. */
export async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as {violations: string[]};
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
}

/** The violations recorded so far (see recordViolations). */
export function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as {violations: string[]}).violations);
}

/** Listens on a free port of 127.0.0.1 and answers with its origin. */
export async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Stops a server started by listenLocal, open connections included. */
export async function closeServer(server: Server | undefined): Promise<void> {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
}
