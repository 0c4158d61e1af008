import {css} from 'lit';

/** Rendered markdown: readable, narrow-screen safe (tables and code scroll sideways). */
export default css`
  :host {
    /* Code has its own surface, not the bubble's (#f3f4f6 light): #e5e7eb, or #0b1220 in a
       dark color-scheme (what the chat's dark theme hands down), as the add-on's token colours. */
    --_code-bg: var(--zaby-code-background, light-dark(#e5e7eb, #0b1220));
    --_code-text: var(--zaby-code-text, currentColor);
    --_code-border: var(--zaby-code-border, var(--zaby-color-border, #d1d5db));
    display: block;
    overflow-wrap: anywhere;
  }
  .md > :first-child { margin-block-start: 0; }
  .md > :last-child { margin-block-end: 0; }
  .zaby-tail { display: contents; }
  p, ul, ol, blockquote, pre, table { margin-block: 0 0.6em; }
  h1, h2, h3, h4, h5, h6 { margin-block: 0.8em 0.4em; line-height: 1.25; }
  h1 { font-size: 1.35em; }
  h2 { font-size: 1.2em; }
  h3 { font-size: 1.08em; }
  h4, h5, h6 { font-size: 1em; }
  ul, ol { padding-inline-start: 1.4em; }
  li > ul, li > ol { margin-block: 0.2em; }
  a { color: var(--zaby-link-color, var(--zaby-color-accent, #4338ca)); text-decoration: underline; }
  code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.88em;
    background: var(--_code-bg);
    color: var(--_code-text);
    border-radius: 4px;
    padding: 0.1em 0.3em;
  }
  pre, code {
    direction: ltr;
    unicode-bidi: isolate;
  }
  pre {
    text-align: left;
    background: var(--_code-bg);
    color: var(--_code-text);
    border: 1px solid var(--_code-border);
    border-radius: 8px;
    padding: 0.6em 0.8em;
    overflow-x: auto;
    max-inline-size: 100%;
  }
  /* A code block or table wider than the panel is a scroller, and every scroller that can
     scroll costs the compositor work on each frame while a reply streams. Off screen they are
     skipped (content-visibility); the size they had when last shown is kept. */
  pre, table {
    content-visibility: auto;
    contain-intrinsic-block-size: auto 4em;
  }
  pre code { background: none; padding: 0; font-size: 0.85em; white-space: pre; }
  .zaby-lines { display: block; }
  blockquote {
    margin-inline: 0;
    padding-inline-start: 0.8em;
    border-inline-start: 3px solid var(--zaby-color-border, #d1d5db);
    color: var(--zaby-color-muted, #4b5563);
  }
  /* Separate borders (no spacing) drawn as one grid: collapsed borders are resolved across
     every cell of the table each layout, so a streaming table's rows got dearer as it grew. */
  table {
    display: block;
    max-inline-size: 100%;
    overflow-x: auto;
    border-spacing: 0;
    font-size: 0.92em;
  }
  th, td {
    border: 0 solid var(--zaby-color-border, #d1d5db);
    border-block-end-width: 1px;
    border-inline-end-width: 1px;
    padding: 0.3em 0.6em;
    text-align: start;
  }
  thead th { border-block-start-width: 1px; }
  :is(th, td):first-child { border-inline-start-width: 1px; }
  hr { border: none; border-block-start: 1px solid var(--zaby-color-border, #d1d5db); }
`;
