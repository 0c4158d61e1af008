/**
 * The one add-on registry. Add-ons ship as separate bundles (separate module instances), so
 * the registry lives on a global: `globalThis[Symbol.for('zaby-chat.addons')]`, an
 * EventTarget whose properties are the registered add-ons. `registerAddon()` sets one and
 * fires `change`; rendered markdown listens and applies the add-on to what it already shows.
 * This file is all the main bundle carries for add-ons.
 */

import type {ZabyStrings} from '../i18n/strings.ts';
import type {BackendFactory} from '../protocol/backend.ts';
import type {ToolRenderer} from '../tool-renderers/tool-renderers.ts';

/** Highlights a finished code block in place; `code` holds the block's text only. */
export type Highlighter = (code: HTMLElement, language: string) => void;

/** The html add-on: raw HTML of a reply, sanitized, for chats with `allow-html`. */
export interface HtmlAddon {
  /**
   * The sanitized nodes of a raw HTML block, or of one inline tag; `open` is the element an
   * inline opening tag made, for the markdown up to its closing tag to go in. Undefined:
   * show the raw text (no way to sanitize here, e.g. its Trusted Types policy was refused).
   */
  sanitize(raw: string, inline: boolean): {nodes: DocumentFragment; open?: Element} | undefined;
}

/** The registry: one optional property per add-on, and a `change` event when one is set. */
export interface ZabyAddons extends EventTarget {
  highlight?: Highlighter;
  /** UI languages by lower-case tag (`registerLocale` and the locales add-on write here). */
  locales?: Record<string, Partial<ZabyStrings>>;
  /** The AG-UI backend (`backend="ag-ui"`), from the ag-ui add-on. */
  agUi?: BackendFactory;
  /** Page-wide tool renderers by tool name (`registerToolRenderer` writes here). */
  toolRenderers?: Record<string, ToolRenderer>;
  html?: HtmlAddon;
}

export const ADDONS_KEY = Symbol.for('zaby-chat.addons');

/** The name of an add-on in the registry. */
export type AddonName = Exclude<keyof ZabyAddons, keyof EventTarget>;

/** What a `change` event carries: which add-on was registered. */
export type AddonChangeEvent = CustomEvent<AddonName>;

/** Used when something that is not a registry sits at the key (a page's own mistake). */
let fallback: ZabyAddons | undefined;

/**
 * The page's registry, made on first use by whichever bundle comes first. It is page-level
 * code's: whatever runs in the page can register an add-on (as it could patch the element),
 * while nothing from the server can reach it.
 */
export function addons(): ZabyAddons {
  const global = globalThis as unknown as Record<symbol, unknown>;
  const found = (global[ADDONS_KEY] ??= new EventTarget());
  return found instanceof EventTarget ? (found as ZabyAddons) : (fallback ??= new EventTarget());
}

/** Says that `name` changed: elements that use that add-on apply it to what they show. */
export function announceAddon(name: AddonName): void {
  addons().dispatchEvent(new CustomEvent('change', {detail: name}));
}

/** Registers an add-on (the last registration wins) and tells the elements that use it. */
export function registerAddon<K extends AddonName>(
  name: K,
  addon: NonNullable<ZabyAddons[K]>,
): void {
  addons()[name] = addon;
  announceAddon(name);
}

/** Code elements of closed fences with a language, so a late highlighter finds them. */
const fenced = new WeakMap<Element, string>();
const CLOSED_FENCE = /^ {0,3}(([`~])\2{2,})(?!\2)[^]*\n {0,3}\1\2*[ \t]*\n*$/;

/** Called by the renderer for each fenced block: highlights it once its fence has closed. */
export function codeBlock(code: HTMLElement, language: string, raw: string): void {
  if (!CLOSED_FENCE.test(raw)) return;
  fenced.set(code, language);
  addons().highlight?.(code, language);
}

/** Highlights the closed code blocks under `root` (when a highlighter registers late). */
export function highlightAll(root: ParentNode): void {
  const highlight = addons().highlight;
  if (highlight)
    for (const code of root.querySelectorAll('code')) {
      const language = fenced.get(code);
      if (language) highlight(code, language);
    }
}

/** Set while a chat with `allow-html` renders (rendering is synchronous). */
let htmlAllowed = false;

/** Runs `render` with raw HTML kept (when the html add-on is registered) or shown as text. */
export function withHtml(allowed: boolean, render: () => void): void {
  htmlAllowed = allowed;
  try {
    render();
  } finally {
    htmlAllowed = false;
  }
}

/** Called by the renderer for raw HTML: the sanitized nodes, or undefined to show it as text. */
export function rawHtml(raw: string, inline: boolean) {
  return htmlAllowed ? addons().html?.sanitize(raw, inline) : undefined;
}
