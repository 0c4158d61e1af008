/** The zaby-chat contender: the built script-tag bundle, driven through `send()`. */
import {installProbes} from './probes.ts';

interface Chat extends HTMLElement {
  send(text: string): Promise<unknown>;
}
const chat = document.querySelector<Chat>('zaby-chat')!;
chat.setAttribute('api-origin', location.origin);

function deepText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  const root = (node as Element).shadowRoot;
  return [...(root ? root.childNodes : []), ...node.childNodes].map(deepText).join('');
}

installProbes({
  run: (input) => chat.send(input),
  text: () => {
    const messages = chat.shadowRoot?.querySelectorAll('zaby-message');
    const last = messages?.[messages.length - 1];
    const md = last?.shadowRoot?.querySelectorAll('zaby-markdown');
    const block = md?.[md.length - 1];
    return block ? deepText(block) : '';
  },
});
