/**
 * The page's clipboard permissions, set in its Playwright context by the test server
 * (test/helpers/wtr-clipboard-plugin.ts): granted, or denied as a person would deny them.
 */
import {executeServerCommand} from '@web/test-runner-commands';

export function setClipboardPermission(grant: boolean): Promise<boolean> {
  return executeServerCommand<boolean, {grant: boolean}>('clipboard-permission', {grant});
}
