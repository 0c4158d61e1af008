/**
 * The modes people use, on a conversation with every kind of control (markdown with code
 * and a table, a tool call, a decided approval, a reply with a star chosen, the composer):
 * - forced colours (Windows High Contrast): every control draws in system colours with a
 *   visible edge, its focus ring is a system colour, the chosen star differs from the others;
 * - reduced motion: nothing animates or transitions (chevrons, the thinking indicator), also
 *   while a reply streams;
 * - WCAG 1.4.12 text spacing: no control or clipped box cuts its text off;
 * - 320 CSS px (400 % zoom): no horizontal scrolling, every control on screen.
 */
import {afterAll, beforeAll, expect, test} from 'vitest';
import type {Browser, BrowserContext, Page} from 'playwright-core';
import {launchChromium} from '../helpers/chromium.ts';
import {axeViolations} from './helpers/aria.ts';
import {chat, idle, input, send, startA11yServer, type A11yServer} from './helpers/a11y-page.ts';

let server: A11yServer;
let browser: Browser;

beforeAll(async () => {
  server = await startA11yServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Adds `window.deep()`: every element of `zaby-chat`, through its shadow roots. */
async function withDeep(page: Page): Promise<void> {
  await page.addInitScript(() => {
    (window as unknown as {deep: () => Element[]}).deep = () => {
      const out: Element[] = [];
      const walk = (root: Element | ShadowRoot) => {
        for (const el of root.querySelectorAll('*')) {
          out.push(el);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document.querySelector('zaby-chat')!.shadowRoot!);
      return out;
    };
  });
}

/** A conversation showing every kind of control. */
async function conversation(context: BrowserContext, query = ''): Promise<Page> {
  const page = await context.newPage();
  await withDeep(page);
  await page.goto(`${server.origin}/?locale=en${query}`);
  await input(page).waitFor();
  await send(page, 'Show me some markdown');
  await send(page, 'I want a refund for order 4242');
  await chat(page).locator('[part~="approve-button"]').click();
  await send(page, 'What is the weather in Lisbon?');
  await idle(page);
  await chat(page).locator('zaby-star-rating:not([collapsed]) [part~="star"]').nth(3).click();
  await chat(page).locator('[part~="feedback-submit"]').waitFor();
  return page;
}

test('forced colours: system colours, visible edges and focus rings, the chosen star apart', async () => {
  const context = await browser.newContext();
  const page = await conversation(context);
  await page.emulateMedia({forcedColors: 'active'});
  const report = await page.evaluate(() => {
    const probe = document.createElement('div');
    document.body.append(probe);
    const system = new Set(
      ['Canvas', 'CanvasText', 'LinkText', 'VisitedText', 'ActiveText', 'ButtonFace']
        .concat(['ButtonText', 'ButtonBorder', 'Field', 'FieldText', 'Highlight'])
        .concat(['HighlightText', 'SelectedItem', 'SelectedItemText', 'Mark', 'MarkText'])
        .concat(['GrayText', 'AccentColor', 'AccentColorText'])
        .map((c) => ((probe.style.color = c), getComputedStyle(probe).color)),
    );
    probe.remove();
    const transparent = /^rgba\(.*, 0\)$/;
    const deep = (window as unknown as {deep: () => Element[]}).deep();
    const controls = deep.filter((el) => el.matches('button, textarea, label.star'));
    const problems: string[] = [];
    for (const el of controls) {
      const s = getComputedStyle(el);
      const what = `${el.localName}.${el.className} ${el.getAttribute('aria-label') ?? el.textContent?.trim()}`;
      if (!system.has(s.color)) problems.push(`${what}: color ${s.color}`);
      if (!transparent.test(s.backgroundColor) && !system.has(s.backgroundColor))
        problems.push(`${what}: background ${s.backgroundColor}`);
      const edge = ['Top', 'Right', 'Bottom', 'Left'].some(
        (side) =>
          s.getPropertyValue(`border-${side.toLowerCase()}-style`) !== 'none' &&
          parseFloat(s.getPropertyValue(`border-${side.toLowerCase()}-width`)) >= 1,
      );
      if (!el.matches('label.star') && !edge) problems.push(`${what}: no visible edge`);
    }
    const stars = deep.filter((el) => el.matches('label.star'));
    const on = new Set(stars.filter((s) => s.matches('.on')).map((s) => getComputedStyle(s).color));
    const off = new Set(
      stars.filter((s) => !s.matches('.on')).map((s) => getComputedStyle(s).color),
    );
    return {problems, controls: controls.length, on: [...on], off: [...off]};
  });
  expect(report.controls).toBeGreaterThan(10);
  expect(report.problems).toEqual([]);
  // The chosen stars are one system colour, the others another.
  expect(report.on).toHaveLength(1);
  expect(report.off).toHaveLength(1);
  expect(report.on[0]).not.toBe(report.off[0]);

  await page.keyboard.press('Tab');
  const rings = await page.evaluate(() => {
    const deep = (window as unknown as {deep: () => Element[]}).deep();
    const out: string[] = [];
    for (const el of deep.filter((e) =>
      e.matches('button:enabled, textarea, input[type="radio"]'),
    )) {
      (el as HTMLElement).focus();
      const ringed = el.matches('input') ? el.nextElementSibling! : el;
      const s = getComputedStyle(ringed);
      const visible =
        el.matches(':focus-visible') &&
        s.outlineStyle !== 'none' &&
        parseFloat(s.outlineWidth) >= 2;
      if (!visible || s.outlineColor === getComputedStyle(document.body).backgroundColor)
        out.push(
          `${el.localName} ${el.getAttribute('aria-label') ?? el.textContent?.trim()}: ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
        );
    }
    return out;
  });
  expect(rings).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
  await context.close();
});

test('reduced motion: nothing animates or transitions, also while a reply streams', async () => {
  const context = await browser.newContext();
  const page = await conversation(context);
  await send(page, 'Tell me something slow');
  await chat(page).locator('zaby-thinking[active]').first().waitFor();
  const moving = () =>
    page.evaluate(() =>
      (window as unknown as {deep: () => Element[]}).deep().flatMap((el) =>
        [getComputedStyle(el), getComputedStyle(el, '::after')].flatMap((s) => {
          const animated = s.animationName !== 'none' && parseFloat(s.animationDuration) > 0;
          const transition = s.transitionDuration.split(',').some((d) => parseFloat(d) > 0);
          return animated || transition || s.scrollBehavior === 'smooth'
            ? [`${el.localName}.${el.className}: ${s.animationName} ${s.transitionProperty}`]
            : [];
        }),
      ),
    );
  // The control: without the preference, the disclosure chevrons turn.
  expect((await moving()).join('\n')).toMatch(/chevron: none rotate/);
  await page.emulateMedia({reducedMotion: 'reduce'});
  expect(await moving()).toEqual([]);
  await context.close();
});

test('WCAG 1.4.12 text spacing: no control or clipped box cuts its text off', async () => {
  const context = await browser.newContext();
  const page = await conversation(context);
  const cut = await page.evaluate(() => {
    const spacing = new CSSStyleSheet();
    spacing.replaceSync(
      '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-block-end: 2em !important; }',
    );
    const deep = (window as unknown as {deep: () => Element[]}).deep();
    const roots = new Set<Document | ShadowRoot>([document]);
    for (const el of deep) if (el.shadowRoot) roots.add(el.shadowRoot);
    roots.add(document.querySelector('zaby-chat')!.shadowRoot!);
    for (const root of roots) root.adoptedStyleSheets = [...root.adoptedStyleSheets, spacing];
    return deep.flatMap((el) => {
      const s = getComputedStyle(el);
      if (el.matches('.visually-hidden, textarea, pre')) return [];
      const clips =
        /hidden|clip/.test(s.overflowX + s.overflowY) || el.matches('button, label.star');
      const over = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      return clips && over && el.clientWidth > 0
        ? [
            `${el.localName}.${el.className} "${el.textContent?.trim().slice(0, 30)}": ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`,
          ]
        : [];
    });
  });
  expect(cut).toEqual([]);
  await context.close();
});

test('320 CSS px: no horizontal scrolling, every control on screen', async () => {
  const context = await browser.newContext({viewport: {width: 320, height: 640}});
  const page = await conversation(context);
  const report = await page.evaluate(() => {
    const log = document.querySelector('zaby-chat')!.shadowRoot!.querySelector('.log')!;
    const scrollers = (el: Element) => {
      for (
        let n: Node | null = el.parentNode;
        n;
        n = n instanceof ShadowRoot ? n.host : n.parentNode
      )
        if (n instanceof Element && n !== log && /auto|scroll/.test(getComputedStyle(n).overflowX))
          return true;
      return false;
    };
    const off = (window as unknown as {deep: () => Element[]})
      .deep()
      .filter((el) => el.matches('button, textarea, label.star, summary') && !scrollers(el))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.left < -1 || r.right > innerWidth + 1);
      })
      .map((el) => `${el.localName} ${el.getAttribute('aria-label') ?? el.textContent?.trim()}`);
    return {
      page: document.documentElement.scrollWidth - innerWidth,
      log: log.scrollWidth - log.clientWidth,
      off,
    };
  });
  expect(report).toEqual({page: 0, log: 0, off: []});
  await context.close();
});
