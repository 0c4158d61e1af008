/**
 * `newConversation()` and the header's `new-conversation-button` against the emulator: a
 * streaming reply is stopped and cancelled, the transcript and persisted run ids are gone,
 * a token is asked for with reason `new-session` (through `tokenProvider`, the
 * `zaby-token-refresh` event and `token-endpoint`), `zaby-conversation-reset` fires, and
 * with a new `externalSessionId` the scripted agent counts its turns from one again.
 */
import {expect} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import type {ZabyChat} from '../../src/index.ts';
import '../../src/addons/locales/index.ts';
import {storageKey} from '../../src/browser/run-store.ts';
import {
  axeViolations,
  createChat,
  deep,
  emulator,
  lastReplyText,
  messages,
  mountChat,
  next,
  textarea,
  until,
} from './helpers/chat.ts';

/** Waits until the last reply shows `text`. */
const replied = (el: ZabyChat, text: string) =>
  until(() => lastReplyText(el).includes(text), 5000, text);

const button = (el: ZabyChat) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>("[part~='new-conversation-button']");

/** A chat whose token provider mints for one user, in a new agent session on `new-session`. */
async function sessionChat(
  attrs: Record<string, string> = {},
  sameSession = false,
): Promise<{el: ZabyChat; reasons: string[]}> {
  const user = `nc-${crypto.randomUUID()}`;
  let session = `s-${crypto.randomUUID()}`;
  const reasons: string[] = [];
  const el = await createChat(attrs, (chat) => {
    chat.tokenProvider = async ({reason}) => {
      reasons.push(reason);
      if (reason === 'new-session' && !sameSession) session = `s-${crypto.randomUUID()}`;
      return (await emulator.mint({externalUserId: user, externalSessionId: session})).token;
    };
  });
  return {el, reasons};
}

describe('<zaby-chat> new conversation', () => {
  it('should start over from its button: forgotten, a new-session token, the agent at turn one', async () => {
    const {el, reasons} = await sessionChat({persist: 'session', id: 'nc-a', greeting: 'Hi!'});
    expect(button(el), 'hidden while only the greeting shows').to.equal(null);
    await el.send('hello');
    await replied(el, 'This is turn 1 of our conversation');
    await el.send('and again');
    await replied(el, 'This is turn 2 of our conversation');
    const {origin} = await emulator.info();
    const key = storageKey(origin, 'nc-a');
    expect(sessionStorage.getItem(key)).to.not.equal(null);
    const b = button(el)!;
    expect(b.getAttribute('aria-label')).to.equal('New conversation');
    const r = b.getBoundingClientRect();
    expect(r.width).to.be.at.least(44);
    expect(r.height).to.be.at.least(44);
    const reset = next(el, 'zaby-conversation-reset');
    b.focus();
    await sendKeys({press: 'Enter'});
    expect((await reset).detail).to.deep.equal({});
    expect(reasons.at(-1)).to.equal('new-session');
    await el.updateComplete;
    expect(messages(el)).to.have.length(1); // the greeting stays
    expect(sessionStorage.getItem(key)).to.equal(null);
    expect(button(el)).to.equal(null);
    await until(
      () => deep(el, 'zaby-composer')!.shadowRoot!.activeElement === textarea(el),
      2000,
      'focus on the composer',
    );
    await el.send('hello again');
    await replied(el, 'This is turn 1 of our conversation');
  });

  it('should stop and cancel a streaming reply; the pending send() rejects as aborted', async () => {
    const {el} = await sessionChat();
    const runIds: string[] = [];
    el.addEventListener('zaby-run-start', (e) => runIds.push(e.detail.runId));
    const sending = el.send('Write something long').then(
      () => null,
      (e: unknown) => e as {code: string},
    );
    await until(() => lastReplyText(el).length > 20, 5000, 'streaming');
    await el.newConversation();
    const error = await sending;
    expect(error?.code).to.equal('aborted');
    expect(messages(el)).to.have.length(0);
    const {origin} = await emulator.info();
    // The run itself was cancelled on the server, not just left behind.
    await until(
      async () => {
        const response = await fetch(`${origin}/api/v1/runtime/runs/${runIds[0]}`, {
          headers: {Authorization: `Bearer ${el.token}`},
        });
        return response.ok && ((await response.json()) as {status: string}).status === 'CANCELLED';
      },
      5000,
      'the run cancelled',
    );
  });

  it('should only clear the screen when the host answers with the same session', async () => {
    const {el, reasons} = await sessionChat({}, true);
    await el.send('one');
    await el.newConversation();
    expect(reasons).to.include('new-session');
    await el.send('two');
    await replied(el, 'This is turn 2 of our conversation');
  });

  it('should ask a zaby-token-refresh listener and the token endpoint with reason new-session', async () => {
    const bodies: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input, init) => {
      if (String(input).includes('/__zaby-token')) bodies.push(String(init?.body));
      return realFetch(input, init);
    };
    try {
      const el = await mountChat({
        provider: false,
        attrs: {'token-endpoint': `/__zaby-token?user=nc-${crypto.randomUUID()}`},
      });
      const events: string[] = [];
      el.addEventListener('zaby-token-refresh', (e) => events.push(e.detail.reason));
      await el.send('hello');
      await el.newConversation();
      expect(events).to.deep.equal(['missing', 'new-session']);
      expect(bodies.map((b) => JSON.parse(b))).to.deep.equal([
        {reason: 'missing'},
        {reason: 'new-session'},
      ]);
    } finally {
      window.fetch = realFetch;
    }
  });

  it('should show a retryable error and reject when no new-session token comes, the screen reset anyway', async () => {
    const {el} = await sessionChat();
    await el.send('hello');
    el.tokenProvider = () => Promise.reject(new Error('backend down'));
    let resets = 0;
    el.addEventListener('zaby-conversation-reset', () => resets++);
    const error = await el.newConversation().then(
      () => null,
      (e: unknown) => e as {code: string},
    );
    expect(error?.code).to.equal('token_unavailable');
    expect(resets).to.equal(1);
    expect(messages(el)).to.have.length(0);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector("[part~='error'] [part~='retry-button']")).to.not.equal(
      null,
    );
  });

  it('should hide the button with new-conversation-button="off" (the method still works)', async () => {
    const {el} = await sessionChat({'new-conversation-button': 'off'});
    expect(el.newConversationButton).to.equal('off');
    await el.send('hello');
    await el.updateComplete;
    expect(button(el)).to.equal(null);
    el.newConversationButton = 'on';
    await el.updateComplete;
    expect(button(el)).to.not.equal(null);
    el.setAttribute('new-conversation-button', 'off');
    await el.updateComplete;
    expect(button(el)).to.equal(null);
    await el.newConversation();
    expect(messages(el)).to.have.length(0);
  });

  it('should sit at the inline end of the header, labelled, in German and Arabic', async () => {
    for (const [locale, label] of [
      ['de', 'Neue Unterhaltung'],
      ['ar', 'محادثة جديدة'],
    ] as const) {
      const {el} = await sessionChat({locale, 'agent-name': 'Zaby'});
      await el.send('hello');
      await el.updateComplete;
      const b = button(el)!.getBoundingClientRect();
      const title = el.shadowRoot!.querySelector('[part~="title"]')!.getBoundingClientRect();
      expect(button(el)!.getAttribute('aria-label')).to.equal(label);
      if (locale === 'ar') expect(b.right).to.be.at.most(title.left + 1);
      else expect(b.left).to.be.at.least(title.right - 1);
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`should have no axe violations with the button shown (${theme})`, async () => {
      const {el} = await sessionChat({theme, mode: 'launcher', open: ''});
      await el.send('hello');
      await el.updateComplete;
      expect(button(el)).to.not.equal(null);
      expect(await axeViolations(el)).to.deep.equal([]);
    });
  }
});
