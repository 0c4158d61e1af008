/**
 * Helpers for `<zaby-chat>` tests: mount against the emulator, reach into nested shadow
 * roots, type and send like a person.
 */
import {fixture, html} from '@open-wc/testing';
import type {ZabyChat} from '../../../src/index.ts';
import type {MockTransport} from '../../../src/testing/index.ts';
import '../../../src/index.ts';
import {emulator, until} from './emulator.ts';

export {emulator, until};

/** Mounts a chat wired to the emulator; tokens are minted by the emulator for `user`. */
export async function mountChat(
  options: {
    user?: string;
    attrs?: Record<string, string>;
    provider?: boolean;
  } = {},
): Promise<ZabyChat> {
  const user = options.user ?? `user-${crypto.randomUUID()}`;
  return createChat(options.attrs, (el) => {
    if (options.provider !== false) {
      el.tokenProvider = async () => (await emulator.mint({externalUserId: user})).token;
    }
  });
}

/**
 * Creates a chat with its attributes (and whatever `setup` sets) in place before it
 * connects, as a page's markup would: restore reads them on the first update.
 */
export async function createChat(
  attrs: Record<string, string> = {},
  setup?: (el: ZabyChat) => void,
): Promise<ZabyChat> {
  const {origin} = await emulator.info();
  const el = document.createElement('zaby-chat');
  el.setAttribute('api-origin', origin);
  el.setAttribute('persist', 'none');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  setup?.(el);
  const wrapper = await fixture<HTMLDivElement>(html`<div style="height: 600px"></div>`);
  wrapper.append(el);
  await el.updateComplete;
  return el;
}

/** Mounts a chat on a MockTransport (no server), with `attrs` set before it connects. */
export async function mountMockChat(
  mock: MockTransport,
  attrs: Record<string, string> = {},
): Promise<ZabyChat> {
  const wrapper = await fixture<HTMLDivElement>(html`<div style="height: 500px"></div>`);
  const el = document.createElement('zaby-chat');
  el.setAttribute('persist', 'none');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.transport = mock;
  el.token = 'test-token';
  wrapper.append(el);
  await el.updateComplete;
  return el;
}

/** `querySelector` through a path of shadow roots: `deep(el, 'zaby-composer', 'textarea')`. */
export function deep<T extends Element = HTMLElement>(
  root: Element,
  ...selectors: string[]
): T | null {
  let node: Element | null = root;
  for (const selector of selectors) {
    node = node?.shadowRoot?.querySelector(selector) ?? null;
  }
  return node as T | null;
}

/** All matches of the last selector inside every match of the path. */
export function deepAll<T extends Element = HTMLElement>(
  root: Element,
  ...selectors: string[]
): T[] {
  let nodes: Element[] = [root];
  for (const selector of selectors) {
    nodes = nodes.flatMap((n) => [...(n.shadowRoot?.querySelectorAll(selector) ?? [])]);
  }
  return nodes as T[];
}

export function textarea(el: ZabyChat): HTMLTextAreaElement {
  return deep<HTMLTextAreaElement>(el, 'zaby-composer', 'textarea')!;
}

/** Types into the composer as input events would, then clicks Send. */
export async function typeAndSend(el: ZabyChat, text: string): Promise<void> {
  const area = textarea(el);
  area.value = text;
  area.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
  await el.updateComplete;
  deep<HTMLButtonElement>(el, 'zaby-composer', '[part~="send-button"]')!.click();
}

/** Presses the composer's Stop button once the element and the composer have rendered. */
export async function pressStop(el: ZabyChat): Promise<void> {
  await el.updateComplete;
  await deep<HTMLElement & {updateComplete: Promise<unknown>}>(el, 'zaby-composer')!.updateComplete;
  deep<HTMLButtonElement>(el, 'zaby-composer', '[part~="stop-button"]')!.click();
}

export function messages(el: ZabyChat): HTMLElement[] {
  return deepAll(el, 'zaby-message');
}

/** Text content including what nested shadow roots render. */
export function deepText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  const root = (node as Element).shadowRoot;
  const children = [...(root ? root.childNodes : []), ...node.childNodes];
  return children.map(deepText).join('');
}

/** The visible text of the last assistant message (without the screen-reader prefix). */
export function lastReplyText(el: ZabyChat): string {
  const bubbles = deepAll(el, 'zaby-message', '[part~="assistant"] zaby-markdown');
  const last = bubbles.at(-1);
  return last ? deepText(last).replace(/\s+/g, ' ').trim() : '';
}

/** Resolves with the detail of the next `name` event on `el`. */
export function next<K extends keyof HTMLElementEventMap>(
  el: EventTarget,
  name: K,
): Promise<HTMLElementEventMap[K]> {
  return new Promise((resolve) =>
    el.addEventListener(name, (e) => resolve(e as HTMLElementEventMap[K]), {once: true}),
  );
}

/** Runs axe on the element (shadow DOM included) and returns the violations. */
export async function axeViolations(
  el: Element,
): Promise<Array<{id: string; help: string; nodes: unknown[]}>> {
  const axe = (
    window as unknown as {
      axe: {
        run(
          ctx: Element,
          opts?: object,
        ): Promise<{violations: Array<{id: string; help: string; nodes: unknown[]}>}>;
      };
    }
  ).axe;
  const result = await axe.run(el, {resultTypes: ['violations']});
  return result.violations;
}

/** The error notice inside the last assistant message (a failed run says it there, once). */
export function failedNotice(el: ZabyChat): HTMLElement | null {
  const replies = deepAll(el, 'zaby-message').filter((m) =>
    m.shadowRoot?.querySelector('[part~="assistant"]'),
  );
  return replies.at(-1)?.shadowRoot?.querySelector<HTMLElement>('[part~="error"]') ?? null;
}
