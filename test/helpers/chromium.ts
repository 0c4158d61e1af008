/**
 * Debian's Chromium for the end-to-end tests and the benchmarks (never a downloaded browser),
 * with the flags that keep it off the closed network of CI machines.
 */
import {chromium, type Browser} from 'playwright-core';

/** @param extraArgs - more flags, e.g. `--js-flags=--expose-gc` for heap figures */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROME_PATH'] || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
