import {css} from 'lit';
import {visuallyHidden} from './shared.styles.ts';

export default css`
  :host {
    /* A column, so a bubble's side follows the chat's direction, not the bubble's own
       (a user bubble takes its direction from its text: dir="auto"). */
    display: flex;
    flex-direction: column;
    /* A message lays out and paints on its own: a streaming reply never dirties the others. */
    contain: content;
    --_accent: var(--zaby-color-accent, #4f46e5);
    --_on-accent: var(--zaby-color-on-accent, #ffffff);
    --_surface: var(--zaby-color-assistant-background, var(--zaby-color-surface-alt, #f3f4f6));
    --_text: var(--zaby-color-text, #111827);
    --_muted: var(--zaby-color-muted, #4b5563);
    --_danger: var(--zaby-color-danger, #b91c1c);
    --_radius: var(--zaby-radius, 12px);
  }
  .bubble {
    box-sizing: border-box;
    max-inline-size: min(100%, var(--zaby-message-max-width, 42rem));
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
    line-height: 1.5;
  }
  .user {
    align-self: flex-end;
    inline-size: fit-content;
    background: var(--zaby-color-user-background, var(--_accent));
    color: var(--zaby-color-user-text, var(--_on-accent));
    white-space: pre-wrap;
  }
  .assistant {
    background: var(--_surface);
    color: var(--_text);
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .status {
    margin: 0;
    font-size: 0.875em;
    color: var(--_muted);
    font-style: italic;
  }
  .status.error {
    color: var(--_danger);
  }
  .bubble > .copy {
    align-self: flex-start;
    margin-block: -0.5rem;
    margin-inline-start: -0.5rem;
  }
  .copy-source {
    display: grid;
    gap: 0.25rem;
    font-size: 0.875em;
  }
  .copy-source textarea {
    min-block-size: 6em;
    font: inherit;
  }
  .time {
    margin-block-start: 0.2rem;
    font-size: 0.75em;
    color: var(--_muted);
  }
  .user + .time {
    align-self: flex-end;
  }
  ${visuallyHidden}
`;
