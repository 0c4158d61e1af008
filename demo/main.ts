import {configureZaby} from '../src/index.ts';
import '../src/addons/highlight/index.ts'; // highlighted code in replies
import '../src/addons/locales/index.ts'; // the language switch: German and Arabic
import '../src/addons/ag-ui/index.ts'; // the protocol switch: the emulator's AG-UI endpoint
import type {ZabyChat} from '../src/index.ts';

declare const __ZABY_ORIGIN__: string;

// The emulator's origin comes from `npm start`; a real page would set its Zaby origin.
const origin = typeof __ZABY_ORIGIN__ === 'string' ? __ZABY_ORIGIN__ : 'http://127.0.0.1:9080';
configureZaby({apiOrigin: origin});

const chats = [...document.querySelectorAll<ZabyChat>('zaby-chat')];
const inline = document.querySelector<ZabyChat>('#inline')!;
const launcher = document.querySelector<ZabyChat>('#launcher')!;

document.querySelector<HTMLSelectElement>('#theme')!.addEventListener('change', (e) => {
  const theme = (e.target as HTMLSelectElement).value as ZabyChat['theme'];
  for (const chat of chats) chat.theme = theme;
});
document.querySelector<HTMLSelectElement>('#locale')!.addEventListener('change', (e) => {
  const locale = (e.target as HTMLSelectElement).value;
  for (const chat of chats) chat.locale = locale;
});
// The same scripted agent over either protocol (the inline chat; the launcher stays on Zaby).
document.querySelector<HTMLSelectElement>('#backend')!.addEventListener('change', (e) => {
  inline.clear();
  inline.agentUrl = `${origin}/ag-ui/agent`;
  inline.backend = (e.target as HTMLSelectElement).value as ZabyChat['backend'];
});
document.querySelector('#clear')!.addEventListener('click', () => {
  for (const chat of chats) chat.clear();
});
// A reply that finishes while the launcher is closed counts on its badge.
document.querySelector('#ask-launcher')!.addEventListener('click', () => {
  launcher.hide();
  launcher.send('Hello from the page while you were away!').catch(() => undefined);
});
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-prompt]')) {
  button.addEventListener('click', () => {
    inline.send(button.dataset['prompt'] ?? '').catch(() => undefined); // errors show in the element
  });
}
for (const name of [
  'zaby-run-start',
  'zaby-run-finish',
  'zaby-error',
  'zaby-feedback',
  'zaby-approval-decision',
  'zaby-agent-state',
  'zaby-copy',
  'zaby-conversation-reset',
  'zaby-unread-change',
] as const) {
  for (const chat of chats)
    chat.addEventListener(name, (e) => console.info(chat.id, name, e.detail));
}
