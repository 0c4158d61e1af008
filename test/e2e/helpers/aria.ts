/** Reading the accessibility side of a page: ARIA snapshots, button names, axe-core. */
import {createRequire} from 'node:module';
import type {Locator, Page} from 'playwright-core';

/**
 * The element's accessibility tree as Playwright's ARIA snapshot (roles, names, states,
 * through shadow roots), with what changes from run to run replaced: times of day (the
 * approval's expiry, message timestamps) become `<time>`. The element's two visually hidden
 * live regions (the last top-level lines) are left out: what they say depends on the frame
 * a snapshot is taken in, and a11y-announcements.test.ts holds them.
 */
export async function ariaTree(locator: Locator): Promise<string> {
  const snapshot = await locator.ariaSnapshot();
  const digit = '[0-9\u0660-\u0669]';
  const time = new RegExp(
    `${digit}{1,2}:${digit}{2}(:${digit}{2})?(\\s?([AaPp]\\.?[Mm]\\.?|[صم]))?`,
    'g',
  );
  const lines = snapshot.replace(time, '<time>').split('\n');
  while (/^- (status|text)\b/.test(lines.at(-1) ?? '')) lines.pop();
  return `${lines.join('\n')}\n`;
}

/** The buttons of an ARIA snapshot that have no accessible name. */
export function unnamedButtons(tree: string): string[] {
  return tree.split('\n').filter((line) => /^\s*- (?:'|")?button(?: ""|\s*\[|:|$)/.test(line));
}

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  help: string;
  nodes: Array<{target: unknown}>;
}

/** axe-core's violations inside `zaby-chat` (its shadow DOM included), as `id: help (targets)`. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({path: axeSource});
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {run(ctx: Element, o: object): Promise<{violations: AxeViolation[]}>};
      }
    ).axe;
    return (await axe.run(document.querySelector('zaby-chat')!, {resultTypes: ['violations']}))
      .violations;
  });
  return violations.map(
    (v) => `${v.id}: ${v.help} (${JSON.stringify(v.nodes.map((n) => n.target))})`,
  );
}
