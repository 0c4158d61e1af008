/**
 * What a person sees over a conversation: a failed run said once and retried from its
 * message, a rejected tool action ending as "not run", sends that bring the newest message
 * into view, older replies with a compact rating, and the element's own controls never
 * leaking their internal events to the host page.
 */
import {expect} from '@open-wc/testing';
import type {ZabyChat} from '../../src/index.ts';
import '../../src/index.ts';
import {MockTransport} from '../../src/testing/index.ts';
import {
  deep,
  deepAll,
  failedNotice,
  lastReplyText,
  messages,
  mountChat,
  mountMockChat,
  next,
  until,
} from './helpers/chat.ts';

const INTERNAL = [
  'zaby-internal-approval-decide',
  'zaby-internal-feedback-submit',
  'zaby-internal-turn-retry',
  'zaby-internal-send',
  'zaby-internal-stop',
];

describe('<zaby-chat> conversation', () => {
  it('should say a failed run once, in its message, with the server reason and no banner', async () => {
    const el = await mountChat();
    const errors: string[] = [];
    el.addEventListener('zaby-error', (e) => errors.push(e.detail.code));
    expect((await el.send('please fail')).status).to.equal('FAILED');
    await until(() => !!failedNotice(el), 4000, 'the failed notice');
    expect(failedNotice(el)!.textContent).to.contain('scripted failure');
    expect(deep(el, '.notice.error')).to.equal(null);
    // The scripted failure is not worth retrying as such: no Retry on it.
    expect(failedNotice(el)!.querySelector('[part~="retry-button"]')).to.equal(null);
    expect(errors).to.deep.equal(['agent_error']);
  });

  it('should retry a run that failed for a passing reason from its own message, as a new run', async () => {
    const mock = new MockTransport({
      reply: (_input, turn) =>
        turn === 1
          ? [{text: 'Let me see… '}, {fail: {code: 'unavailable', message: 'Try again soon.'}}]
          : [{text: 'Here it is.'}],
    });
    const el = await mountMockChat(mock);
    expect((await el.send('hello')).status).to.equal('FAILED');
    await until(() => !!failedNotice(el)?.querySelector('[part~="retry-button"]'), 4000, 'Retry');
    const finished = next(el, 'zaby-run-finish');
    failedNotice(el)!.querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    expect((await finished).detail.status).to.equal('COMPLETED');
    expect(mock.runs.map((r) => r.input)).to.deep.equal(['hello', 'hello']);
    await until(() => lastReplyText(el).includes('Here it is.'));
    // The failed turn stays as it was; the new one follows it.
    expect(messages(el)).to.have.length(4);
  });

  it('should end a rejected tool action as not run, not running forever', async () => {
    const el = await mountChat();
    const requested = next(el, 'zaby-approval-request');
    const done = el.send('I want a refund');
    await requested;
    await until(() => deepAll(el, 'zaby-message', 'zaby-approval-card').length > 0);
    const tool = () =>
      deepAll<HTMLElement & {status?: string}>(el, 'zaby-message', 'zaby-tool-call')[0]!;
    await until(() => tool()?.status === 'awaiting-approval', 4000, 'awaiting-approval');
    const card = deepAll(el, 'zaby-message', 'zaby-approval-card')[0]!;
    await (card as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
    deep<HTMLButtonElement>(card, '[part~="reject-button"]')!.click();
    expect((await done).status).to.equal('COMPLETED');
    await until(() => tool().status === 'denied', 4000, 'the tool call marked not run');
  });

  it('should bring the new message into view when sending while scrolled up', async () => {
    const el = await mountChat();
    el.parentElement!.style.height = '320px';
    await el.send('markdown please');
    const log = deep(el, '[part="log"]')!;
    await until(() => log.scrollHeight > log.clientHeight * 2, 8000, 'a long transcript');
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    await until(() => !!el.shadowRoot!.querySelector('.jump') || log.scrollTop === 0);
    await el.send('hello again');
    await until(
      () => log.scrollHeight - log.scrollTop - log.clientHeight < 40,
      4000,
      'at the bottom after sending',
    );
    expect(lastReplyText(el)).to.contain('hello again');
  });

  it('should show the stars under the newest reply only, older ones as a small Rate control', async () => {
    const el = await mountChat();
    await el.send('one');
    await el.send('two');
    const ratings = () =>
      deepAll<HTMLElement & {collapsed?: boolean}>(el, 'zaby-message', 'zaby-star-rating');
    await until(() => ratings().length === 2, 4000, 'two ratings');
    expect(ratings().map((r) => r.collapsed)).to.deep.equal([true, false]);
  });

  it('should keep its internal events inside: the host hears only the public ones', async () => {
    const mock = new MockTransport({
      reply: (input) =>
        input.includes('refund')
          ? {
              steps: [{approval: {toolName: 'issue_refund', arguments: {amount: 5}}}],
              approved: [{text: 'Refunded.'}],
            }
          : [{text: 'Hi.'}],
    });
    const el = await mountMockChat(mock);
    const leaked: string[] = [];
    const onDocument = (e: Event) => leaked.push(`document:${e.type}`);
    for (const type of INTERNAL) {
      el.addEventListener(type, () => leaked.push(type));
      document.addEventListener(type, onDocument);
    }
    const done = el.send('refund');
    await until(() => deepAll(el, 'zaby-message', 'zaby-approval-card').length > 0);
    const card = deepAll(el, 'zaby-message', 'zaby-approval-card')[0]!;
    await (card as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
    const decided = next(el, 'zaby-approval-decision');
    deep<HTMLButtonElement>(card, '[part~="approve-button"]')!.click();
    await decided;
    await done;
    const rating = deepAll(el, 'zaby-message', 'zaby-star-rating').at(-1)!;
    await (rating as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
    const rated = next(el, 'zaby-feedback');
    const star = rating.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]');
    star[3]!.click();
    await (rating as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
    rating.shadowRoot!.querySelector<HTMLButtonElement>('[part~="feedback-submit"]')!.click();
    expect((await rated).detail.rating).to.equal(4);
    expect(leaked).to.deep.equal([]);
    for (const type of INTERNAL) document.removeEventListener(type, onDocument);
  });
});

describe('<zaby-chat> heading-level', () => {
  const headings = (el: ZabyChat) =>
    deepAll(el, 'zaby-message', 'zaby-markdown').flatMap((m) =>
      [...m.shadowRoot!.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => h.localName),
    );
  const reply = () => new MockTransport({reply: () => [{text: '# One\n\n## Two\n\n###### Six\n'}]});

  it('should render a reply below the chat title by default: # as h3, ## as h4, capped at h6', async () => {
    const el = await mountMockChat(reply());
    await el.send('headings');
    await until(() => headings(el).length === 3, 4000, 'three headings');
    expect(headings(el)).to.deep.equal(['h3', 'h4', 'h6']);
    expect(el.shadowRoot!.querySelector('[part="title"]')!.localName).to.equal('h2');
  });

  it('should follow heading-level, also for replies already shown, and clamp bad values', async () => {
    const el = await mountMockChat(reply());
    el.setAttribute('heading-level', '1');
    await el.send('headings');
    await until(() => headings(el).length === 3, 4000, 'three headings');
    expect(headings(el)).to.deep.equal(['h1', 'h2', 'h6']);
    el.headingLevel = 5;
    await until(() => headings(el)[0] === 'h5', 4000, 'the finished reply at the new level');
    expect(headings(el)).to.deep.equal(['h5', 'h6', 'h6']);
    el.setAttribute('heading-level', '9');
    await until(() => headings(el)[0] === 'h6', 4000, 'clamped to 6');
  });
});
