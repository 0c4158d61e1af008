/** The zaby-chat contender: the built script-tag bundle, driven through `send()`. */
import {installProbes} from './probes.ts';

interface Chat extends HTMLElement {
  send(text: string): Promise<unknown>;
}
const chat = document.querySelector<Chat>('zaby-chat')!;
chat.setAttribute('api-origin', location.origin);

installProbes({
  run: (input) => chat.send(input),
  text: () => {
    const messages = chat.shadowRoot?.querySelectorAll('zaby-message');
    const last = messages?.[messages.length - 1];
    const md = last?.shadowRoot?.querySelectorAll('zaby-markdown');
    // Its text is all in its shadow root (no light DOM, no nested shadow roots): read natively,
    // as the other pages read theirs, so the probe costs the same on every page.
    return md?.[md.length - 1]?.shadowRoot?.textContent ?? '';
  },
});
