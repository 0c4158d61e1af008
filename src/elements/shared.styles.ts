import {css} from 'lit';

/** Text for screen readers only. */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/**
 * The disclosure chevron of a `<details>` summary: points to the inline end while closed,
 * down while open; mirrored in right-to-left layouts; turns without motion when the person
 * asks for reduced motion.
 */
/**
 * What every shadow root with buttons needs: the focus ring, and in forced colours (which
 * draw no backgrounds) an edge of each button's own, so it can be seen.
 */
export const buttonBasics = css`
  :focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  @media (forced-colors: active) {
    button {
      border: 1px solid ButtonText !important;
    }
  }
`;

export const chevron = css`
  .chevron {
    flex: none;
    box-sizing: border-box;
    inline-size: 0.5em;
    block-size: 0.5em;
    margin-inline: 0.15em 0.1em;
    /* Physical borders, turned into a chevron pointing right; RTL mirrors it below. */
    border-right: 2px solid currentColor;
    border-bottom: 2px solid currentColor;
    transform: rotate(-45deg);
    transition: rotate 0.15s ease-out;
  }
  details[open] > summary .chevron {
    rotate: 90deg;
  }
  :host(:dir(rtl)) .chevron {
    scale: -1 1;
  }
  :host(:dir(rtl)) details[open] > summary .chevron {
    rotate: -90deg;
  }
  summary {
    list-style: none;
  }
  summary::-webkit-details-marker {
    display: none;
  }
  @media (prefers-reduced-motion: reduce) {
    .chevron {
      transition: none;
    }
  }
`;

/** What every inner element shares: tokens, focus ring, hidden text, touch-sized buttons. */
export default css`
  :host {
    --_accent: var(--zaby-color-accent, #4338ca);
    --_on-accent: var(--zaby-color-on-accent, #ffffff);
    --_surface: var(--zaby-color-surface, #ffffff);
    --_surface-alt: var(--zaby-color-surface-alt, #f3f4f6);
    --_text: var(--zaby-color-text, #111827);
    --_muted: var(--zaby-color-muted, #4b5563);
    --_border: var(--zaby-color-border, #d1d5db);
    --_danger: var(--zaby-color-danger, #b91c1c);
    --_success: var(--zaby-color-success, #047857);
    --_code-bg: var(--zaby-code-background, #e5e7eb);
    --_radius: var(--zaby-radius, 12px);
    font-family: var(--zaby-font-family, inherit);
    color: var(--_text);
  }
  ${visuallyHidden}
  button {
    font: inherit;
    min-block-size: 44px;
    min-inline-size: 44px;
    border-radius: 8px;
    cursor: pointer;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  ${buttonBasics}
  pre {
    /* Arguments and results take their direction from their own text (dir="auto" on each
       pre): JSON with Latin keys reads left to right, also in a right-to-left layout. */
    text-align: start;
    unicode-bidi: isolate;
    margin: 0;
    padding: 0.5rem;
    max-block-size: 16rem;
    overflow: auto;
    background: var(--_code-bg);
    border-radius: 6px;
    font-size: 0.85em;
    white-space: pre;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
      transition: none !important;
    }
  }
`;
