/**
 * Races and stale state: clear() while a send or a reply is in flight, Stop before the run
 * has an id, Stop on a server without cancel, a draft edited before Retry, a persisted run the server no longer has, a run
 * that cannot be resumed, and a greeting changed after the first render.
 */
import {expect} from '@open-wc/testing';
import type {ZabyChat} from '../../src/index.ts';
import {sleep} from '../../src/protocol/backoff.ts';
import {ZabyError} from '../../src/protocol/errors.ts';
import {
  createChat,
  deep,
  deepAll,
  emulator,
  lastReplyText,
  messages,
  mountChat,
  next,
  pressStop,
  textarea,
  typeAndSend,
  until,
  failedNotice,
} from './helpers/chat.ts';

/** A chat whose token arrives only after `delayMs`: the send stays "starting" that long. */
function slowTokenChat(delayMs: number, attrs: Record<string, string> = {}): Promise<ZabyChat> {
  const user = `slow-${crypto.randomUUID()}`;
  return createChat(attrs, (el) => {
    el.tokenProvider = async () => {
      await sleep(delayMs);
      return (await emulator.mint({externalUserId: user})).token;
    };
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('<zaby-chat> races', () => {
  afterEach(() => emulator.clearFaults());

  it('should drop a send still starting when clear() comes, and settle its promise as aborted', async () => {
    const el = await slowTokenChat(300, {persist: 'session', id: 'race-clear-start'});
    const sending = el.send('forget me');
    await el.updateComplete;
    el.clear();
    const error = await rejection(sending);
    expect(error).to.be.instanceOf(ZabyError);
    expect((error as ZabyError).code).to.equal('aborted');
    await sleep(600); // past the token delay and the server's answer
    await el.updateComplete;
    expect(messages(el)).to.have.length(0);
    expect(
      Object.entries(sessionStorage)
        .filter(([k]) => k.startsWith('zaby-chat'))
        .map(([, v]) => v)
        .join(''),
    ).not.to.contain('forget me');
    await until(
      async () => (await emulator.stats()).openStreams === 0,
      5000,
      'no stream left open',
    );
  });

  it('should settle a streaming send as aborted on clear()', async () => {
    const el = await mountChat();
    const started = next(el, 'zaby-run-start');
    const sending = el.send('slow please');
    await started;
    el.clear();
    expect(((await rejection(sending)) as ZabyError).code).to.equal('aborted');
    await el.updateComplete;
    expect(messages(el)).to.have.length(0);
  });

  it('should stop a run that Stop was pressed for before it had an id', async () => {
    const el = await slowTokenChat(300);
    const finished = next(el, 'zaby-run-finish');
    await typeAndSend(el, 'slow please');
    await pressStop(el);
    expect((await finished).detail.status).to.equal('CANCELLED');
  });

  it('should end the reply as stopped on a server without cancel, and stop listening', async () => {
    await emulator.fault({
      method: 'POST',
      path: '/cancel',
      status: 404,
      code: 'not_found',
      times: 5,
    });
    const el = await mountChat();
    const started = next(el, 'zaby-run-start');
    const finished = next(el, 'zaby-run-finish');
    const sending = el.send('slow please');
    await started;
    await pressStop(el);
    expect((await finished).detail.status).to.equal('CANCELLED');
    expect((await sending).status).to.equal('CANCELLED');
    await until(async () => (await emulator.stats()).openStreams === 0, 5000, 'the stream closed');
  });

  it('should keep a draft edited before Retry, and a draft typed while the host sends', async () => {
    const el = await mountChat();
    await emulator.fault({
      method: 'POST',
      path: '/runtime/runs',
      status: 503,
      code: 'unavailable',
      times: 20,
    });
    const failed = next(el, 'zaby-error');
    await typeAndSend(el, 'first words');
    await failed;
    await el.updateComplete;
    textarea(el).value = 'an edited draft';
    textarea(el).dispatchEvent(new Event('input', {bubbles: true, composed: true}));
    await emulator.clearFaults();
    const finished = next(el, 'zaby-run-finish');
    deep<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    await finished;
    expect(textarea(el).value).to.equal('an edited draft');
    await el.send('sent by the host');
    expect(textarea(el).value).to.equal('an edited draft');
  });

  it('should restore what the server still has and forget a run it does not', async () => {
    const user = `gone-${crypto.randomUUID()}`;
    const first = await mountChat({user, attrs: {persist: 'session', id: 'race-gone'}});
    await first.send('still here');
    first.remove();
    const key = Object.keys(sessionStorage).find(
      (k) => k.startsWith('zaby-chat') && k.includes('race-gone'),
    )!;
    expect(key).to.be.a('string');
    const runs = JSON.parse(sessionStorage.getItem(key)!) as unknown[];
    sessionStorage.setItem(
      key,
      JSON.stringify([
        {runId: 'run_gone_for_good', requestId: crypto.randomUUID(), input: 'lost'},
        ...runs,
      ]),
    );
    const errors: string[] = [];
    const second = await mountChat({user, attrs: {persist: 'session', id: 'race-gone'}});
    second.addEventListener('zaby-error', (e) => errors.push(e.detail.code));
    await until(() => messages(second).length === 2, 8000, 'the run the server has');
    await until(() => lastReplyText(second).includes('still here'), 8000, 'its reply');
    expect(errors).to.deep.equal([]);
    expect(deep(second, '[part~="error"]')).to.equal(null);
    expect(sessionStorage.getItem(key)).not.to.contain('run_gone_for_good');
    sessionStorage.removeItem(key);
  });

  it('should end a reply whose stream cannot be resumed as failed, and free the composer', async () => {
    const el = await mountChat();
    await emulator.fault({
      method: 'GET',
      path: '/stream',
      status: 403,
      code: 'forbidden',
      times: 1,
    });
    const result = await el.send('hello');
    expect(result.status).to.equal('FAILED');
    await el.updateComplete;
    // One notice, in the failed message itself (no second banner).
    await until(() => !!failedNotice(el), 4000, 'the failed notice');
    expect(deep(el, '[part~="error"]')).to.equal(null);
    expect(deep(el, 'zaby-composer')!.hasAttribute('busy')).to.equal(false);
  });

  it('should offer to listen again, not fail the reply, when the stream refuses even the fresh token', async () => {
    const el = await mountChat();
    await emulator.fault({
      method: 'GET',
      path: '/stream',
      status: 401,
      code: 'token_invalid',
      times: 2,
    });
    const failed = next(el, 'zaby-error');
    const sending = el.send('hello');
    expect((await failed).detail).to.include({code: 'token_invalid', retryable: true});
    await el.updateComplete;
    const retry = deep<HTMLButtonElement>(el, '[part~="retry-button"]');
    expect(retry).to.exist;
    // Nothing is arriving: the reply shows no "working" indicator while Retry is offered.
    const working = () => deepAll(el, 'zaby-message', 'zaby-thinking[active]').length;
    await until(() => working() === 0, 2000, 'no working indicator');
    retry!.click();
    expect((await sending).status).to.equal('COMPLETED');
  });

  it('should end a reply whose stream had stopped on an error when Stop is pressed', async () => {
    const el = await mountChat();
    await emulator.fault({
      method: 'GET',
      path: '/stream',
      status: 401,
      code: 'token_invalid',
      times: 2,
    });
    const failed = next(el, 'zaby-error');
    const sending = el.send('slow please');
    await failed;
    await pressStop(el);
    expect((await sending).status).to.equal('CANCELLED');
    await until(() => !deep(el, '[part~="retry-button"]'), 2000, 'the retry banner gone');
  });

  it('should show a greeting changed after the first render', async () => {
    const el = await mountChat({attrs: {greeting: 'Hello there'}});
    await until(() => lastReplyText(el).includes('Hello there'), 4000, 'the greeting');
    el.greeting = 'Hallo zusammen';
    await until(() => lastReplyText(el).includes('Hallo zusammen'), 4000, 'the new greeting');
    expect(lastReplyText(el)).not.to.contain('Hello there');
  });
});
