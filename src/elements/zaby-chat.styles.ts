import {css, unsafeCSS} from 'lit';
import {buttonBasics, visuallyHidden} from './shared.styles.ts';

/*
 * Theming: each public `--zaby-*` property is read once into a private `--_*` one on :host,
 * with a light and a dark default; the panel hands the resolved values down to the inner
 * elements under the public names, so a page's own `--zaby-*` always wins.
 */
export default css`
  :host {
    --_accent: var(--zaby-color-accent, #4338ca);
    --_on-accent: var(--zaby-color-on-accent, #ffffff);
    --_bg: var(--zaby-color-background, #ffffff);
    --_surface: var(--zaby-color-surface, #ffffff);
    --_surface-alt: var(--zaby-color-surface-alt, #f3f4f6);
    --_text: var(--zaby-color-text, #111827);
    --_muted: var(--zaby-color-muted, #4b5563);
    --_border: var(--zaby-color-border, #d1d5db);
    --_danger: var(--zaby-color-danger, #b91c1c);
    --_success: var(--zaby-color-success, #047857);
    --_code-bg: var(--zaby-code-background, #e5e7eb);
    --_font: var(--zaby-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--zaby-font-size, 15px);
    --_radius: var(--zaby-radius, 12px);
    --_space: var(--zaby-spacing, 12px);
    --_panel-width: var(--zaby-panel-width, 400px);
    --_panel-height: var(--zaby-panel-height, 640px);
    --_z: var(--zaby-z-index, 2147483000);
    --_launcher-size: var(--zaby-launcher-size, 56px);
    display: block;
    color-scheme: light;
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_text);
  }
  :host([mode='inline']),
  :host(:not([mode])) {
    block-size: 100%;
    min-block-size: 320px;
  }
  :host([hidden]) {
    display: none;
  }
  ${darkTokens(':host([theme="dark"])')}
  @media (prefers-color-scheme: dark) {
    ${darkTokens(':host(:not([theme="light"]):not([theme="dark"]))')}
  }

  .panel {
    --zaby-color-accent: var(--_accent);
    --zaby-color-on-accent: var(--_on-accent);
    --zaby-color-surface: var(--_surface);
    --zaby-color-surface-alt: var(--_surface-alt);
    --zaby-color-text: var(--_text);
    --zaby-color-muted: var(--_muted);
    --zaby-color-border: var(--_border);
    --zaby-color-danger: var(--_danger);
    --zaby-color-success: var(--_success);
    --zaby-code-background: var(--_code-bg);
    --zaby-radius: var(--_radius);
    --zaby-font-family: var(--_font);
    box-sizing: border-box;
    display: flex;
    flex-direction: column;
    background: var(--_bg);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    block-size: 100%;
  }
  .panel[hidden] {
    display: none;
  }
  /* The launcher button and its panel sit on the same side: the inline end of the chat's
     own direction (the panel's dir, from the locale), not of the page around it. */
  .launcher,
  .launcher-panel {
    --_safe-inline-end: env(safe-area-inset-right, 0px);
  }
  .launcher:has(~ .panel[dir='ltr']) {
    direction: ltr;
  }
  .launcher:has(~ .panel[dir='rtl']) {
    direction: rtl;
  }
  .launcher:has(~ .panel[dir='rtl']),
  .launcher-panel[dir='rtl'] {
    --_safe-inline-end: env(safe-area-inset-left, 0px);
  }
  .launcher-panel {
    position: fixed;
    z-index: var(--_z);
    inset-block-end: calc(var(--_launcher-size) + 2 * var(--_space) + env(safe-area-inset-bottom, 0px));
    inset-inline-end: calc(var(--_space) + var(--_safe-inline-end));
    inline-size: min(var(--_panel-width), calc(100vw - 2 * var(--_space)));
    block-size: min(var(--_panel-height), calc(100dvh - var(--_launcher-size) - 4 * var(--_space)));
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
  }
  @media (max-width: 600px) {
    .launcher-panel {
      inset: 0;
      inline-size: 100%;
      block-size: var(--_viewport-height, 100dvh);
      border-radius: 0;
      border: none;
      padding: env(safe-area-inset-top, 0px) env(safe-area-inset-right, 0px)
        env(safe-area-inset-bottom, 0px) env(safe-area-inset-left, 0px);
    }
  }
  .launcher {
    position: fixed;
    z-index: var(--_z);
    inset-block-end: calc(var(--_space) + env(safe-area-inset-bottom, 0px));
    inset-inline-end: calc(var(--_space) + var(--_safe-inline-end));
    inline-size: var(--_launcher-size);
    block-size: var(--_launcher-size);
    min-inline-size: 44px;
    min-block-size: 44px;
    border-radius: 50%;
    border: none;
    background: var(--_accent);
    color: var(--_on-accent);
    cursor: pointer;
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.25);
    display: grid;
    place-items: center;
  }
  .launcher svg {
    inline-size: 50%;
    block-size: 50%;
  }
  .badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    min-inline-size: 12px;
    padding: 0 5px;
    border-radius: 11px;
    background: var(--_danger);
    color: var(--_bg);
    font: 700 12px/22px var(--_font);
  }
  /* The number as CSS content: the badge's name is its label ("2 unread replies"). */
  .badge::before {
    content: attr(data-count);
  }
  header {
    display: flex;
    align-items: center;
    gap: var(--_space);
    padding: calc(var(--_space) * 0.75) var(--_space);
    border-block-end: 1px solid var(--_border);
    background: var(--_surface);
  }
  .title {
    flex: 1;
    margin: 0;
    font-size: 1.05em;
    font-weight: 600;
  }
  .close,
  .icon {
    min-inline-size: 44px;
    min-block-size: 44px;
    border: none;
    background: transparent;
    color: inherit;
    border-radius: 8px;
    cursor: pointer;
    font-size: 1.4em;
    line-height: 1;
  }
  .log-wrap {
    position: relative;
    flex: 1;
    min-block-size: 0;
  }
  .log {
    box-sizing: border-box;
    block-size: 100%;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_space);
  }
  .log-content, .group {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  .group {
    contain: layout;
  }
  /* A group scrolled out of view is neither laid out nor painted; it keeps the size it had
     when last shown (every group but a restored one was shown while its replies streamed). */
  .group:not(:last-child) {
    content-visibility: auto;
    contain-intrinsic-block-size: auto 1500px;
  }
  .prompts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    padding: 0 var(--_space) var(--_space);
  }
  /* The pill buttons: starter prompts and "jump to latest". */
  [part='prompt'],
  .jump {
    min-block-size: 44px;
    padding-inline: 1rem;
    border-radius: 22px;
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
    cursor: pointer;
  }
  [part='prompt'] {
    border-color: var(--_accent);
  }
  .jump {
    position: absolute;
    inset-block-end: var(--_space);
    inset-inline-start: 50%;
    translate: -50% 0;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.15);
  }
  :host(:dir(rtl)) .jump,
  .panel[dir='rtl'] .jump {
    translate: 50% 0;
  }
  .notice {
    margin: 0 var(--_space) calc(var(--_space) / 2);
    padding: 0.5rem 0.75rem;
    border-radius: 8px;
    font-size: 0.9em;
  }
  .reconnecting {
    background: var(--_surface-alt);
    color: var(--_muted);
  }
  .error {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    flex-wrap: wrap;
    border: 1px solid var(--_danger);
    color: var(--_danger);
    background: var(--_surface);
  }
  .error-text {
    flex: 1;
    min-inline-size: 10rem;
  }
  .error button {
    min-block-size: 44px;
    min-inline-size: 44px;
    padding-inline: 0.75rem;
    border-radius: 8px;
    border: 1px solid currentColor;
    background: transparent;
    color: inherit;
    cursor: pointer;
    font: inherit;
  }
  zaby-composer {
    border-block-start: 1px solid var(--_border);
  }
  ${buttonBasics}
  .log:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: -3px;
  }
  ${visuallyHidden}
`;

/** Dark defaults; `selector` is one of the two literal selectors above, never input. */
function darkTokens(selector: string) {
  return css`
    ${unsafeCSS(selector)} {
      color-scheme: dark;
      --_accent: var(--zaby-color-accent, #a5b4fc);
      --_on-accent: var(--zaby-color-on-accent, #111827);
      --_bg: var(--zaby-color-background, #111827);
      --_surface: var(--zaby-color-surface, #1f2937);
      --_surface-alt: var(--zaby-color-surface-alt, #374151);
      --_text: var(--zaby-color-text, #f9fafb);
      --_muted: var(--zaby-color-muted, #d1d5db);
      --_border: var(--zaby-color-border, #4b5563);
      --_danger: var(--zaby-color-danger, #fca5a5);
      --_success: var(--zaby-color-success, #6ee7b7);
      --_code-bg: var(--zaby-code-background, #0b1220);
    }
  `;
}
