/**
 * The copy buttons: a finished reply's `copy-button` (its markdown source) and each code
 * block's `code-copy-button` (its code only; the renderer builds that button beside the
 * block: `codeFrame` in src/markdown/render.ts). Here: the clipboard write, the short
 * "Copied" state. Where the clipboard is refused (no Clipboard API on an insecure origin, a
 * denied permission) the message shows the text selected in a field labelled with what
 * happened (`copyFailed`); never a thrown error, never a console message.
 */
import {css} from 'lit';
import type {ZabyStrings} from '../i18n/index.ts';
import {buttonBasics} from './shared.styles.ts';

const timers = new WeakMap<HTMLElement, ReturnType<typeof setTimeout>>();

/**
 * Writes `text` to the clipboard; `button` then shows `label` (Copied) for two seconds, as
 * CSS content in place of its icon: its accessible name stays (the chat announces "Copied").
 * @returns whether the text reached the clipboard; false where it is refused
 */
export async function copyText(text: string, button: HTMLElement, label: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    return false;
  }
  button.dataset['copied'] = label;
  clearTimeout(timers.get(button));
  timers.set(
    button,
    setTimeout(() => delete button.dataset['copied'], 2000),
  );
  return true;
}

/** The code element of a code block's copy button (the renderer's frame: pre > code, button). */
export function codeOf(button: Element): HTMLElement | null {
  return button.parentElement!.querySelector('code');
}

/**
 * Labels the code blocks' copy buttons under `root` with the block's language: every one
 * when `all` (the strings changed), else only those not labelled yet.
 */
export function labelCodeButtons(root: ParentNode, strings: ZabyStrings, all: boolean): void {
  const selector = `[part~='code-copy-button']${all ? '' : ':not([aria-label])'}`;
  for (const button of root.querySelectorAll(selector)) {
    const language = /\blanguage-(\S+)/.exec(codeOf(button)?.className ?? '')?.[1] ?? '';
    button.setAttribute('aria-label', strings.copyCode(language));
  }
}

/**
 * The copy buttons' look: 44 px, an icon of two sheets drawn in CSS (no image, nothing for a
 * strict CSP to block), and "Copied" (`data-copied`) instead of it for a moment. `.code-block` is the frame
 * of a code block: the button sits in its corner, on the code's own surface.
 */
export const copyStyles = css`
  ${buttonBasics}
  .copy {
    position: relative;
    min-inline-size: 44px;
    min-block-size: 44px;
    border: none;
    border-radius: 8px;
    background: transparent;
    color: inherit;
    font: inherit;
    font-size: 0.8em;
    cursor: pointer;
  }
  .copy::before,
  .copy::after {
    content: '';
    position: absolute;
    inset: 0;
    margin: auto;
    inline-size: 9px;
    block-size: 11px;
    border: 1.5px solid;
    border-radius: 2px;
    translate: 2px -2px;
  }
  .copy::after {
    translate: -2px 2px;
  }
  .copy[data-copied]::before {
    content: attr(data-copied);
    position: static;
    border: 0;
    translate: none;
  }
  .copy[data-copied]::after {
    display: none;
  }
  .code-block {
    position: relative;
    margin-block: 0 0.6em;
  }
  .code-block > pre {
    margin: 0;
    min-block-size: 46px;
    box-sizing: border-box;
  }
  .code-block > .copy {
    position: absolute;
    inset-block-start: 1px;
    inset-inline-end: 1px;
    background: var(--_code-bg);
  }
`;
