import {expect} from '@open-wc/testing';
import type {ZabyChat, ZabyTokenRefreshEvent} from '../../src/index.ts';
import {
  createChat,
  emulator,
  lastReplyText,
  next,
  textarea,
  typeAndSend,
  until,
} from './helpers/chat.ts';

/** A chat that gets tokens from the emulator, optionally through a cutting proxy. */
async function chatVia(apiOrigin?: string, user = `faults-${crypto.randomUUID()}`) {
  const reasons: string[] = [];
  const el = await createChat(apiOrigin ? {'api-origin': apiOrigin} : {}, (chat) => {
    chat.addEventListener('zaby-token-refresh', (e: ZabyTokenRefreshEvent) => {
      reasons.push(e.detail.reason);
      e.detail.respondWith(emulator.mint({externalUserId: user}).then((m) => m.token));
    });
  });
  return {el, reasons, user};
}

async function finalText(el: ZabyChat, input: string): Promise<string> {
  const result = await el.send(input);
  expect(result.status).to.equal('COMPLETED');
  await until(
    () =>
      lastReplyText(el)
        .replace(/\s+/g, ' ')
        .includes((result.finalOutput ?? '').slice(-12).trim()),
    8000,
    'the final text',
  );
  return lastReplyText(el);
}

describe('<zaby-chat> under network faults', () => {
  afterEach(async () => {
    await emulator.clearFaults();
    await emulator.closeProxies();
  });

  it('should end with the fault-free transcript when the stream is cut at event boundaries and inside events', async function () {
    this.timeout(60_000);
    const reference = await finalText((await chatVia()).el, 'weather in Reykjavik');
    for (const cut of [
      {afterEvents: 1},
      {afterEvents: 4},
      {afterEvents: 8},
      {afterEvents: 3, bytesIntoFrame: 20},
      {afterEvents: 6, bytesIntoFrame: 5},
    ]) {
      const proxy = await emulator.proxy({...cut, drops: 2});
      const {el} = await chatVia(proxy.origin);
      const before = (await emulator.stats()).runsCreated;
      expect(await finalText(el, 'weather in Reykjavik'), JSON.stringify(cut)).to.equal(reference);
      expect((await emulator.stats()).runsCreated).to.equal(before + 1);
      const stats = await emulator.proxyStats(proxy.origin);
      expect(
        stats!.cuts,
        `${JSON.stringify(cut)} ${JSON.stringify(stats)} via ${el.apiOrigin}`,
      ).to.be.at.least(1);
      el.remove();
    }
  });

  it('should show "reconnecting" while a stream is down, never a dead bubble', async () => {
    const proxy = await emulator.proxy({afterEvents: 2, drops: 1});
    const {el} = await chatVia(proxy.origin);
    const seen: string[] = [];
    const observer = new MutationObserver(() => {
      if (el.shadowRoot!.querySelector('.reconnecting')) seen.push('reconnecting');
    });
    observer.observe(el.shadowRoot!, {subtree: true, childList: true});
    await el.send('hello through a flaky network');
    observer.disconnect();
    expect(seen.length).to.be.greaterThan(0);
    await until(() => !el.shadowRoot!.querySelector('.reconnecting'));
  });

  for (const code of [
    'token_expired',
    'token_revoked',
    'token_exhausted',
    'token_invalid',
  ] as const) {
    it(`should refresh on a 401 ${code} from start, stream, approve and feedback, and carry on`, async () => {
      const reason = code.replace('token_', '');
      const {el, reasons} = await chatVia();
      await el.send('first');
      // start
      await emulator.fault({method: 'POST', path: '/runtime/runs', status: 401, code});
      await el.send('second');
      // stream
      await emulator.fault({method: 'GET', path: '/stream', status: 401, code});
      await el.send('third');
      // approve
      const requested = next(el, 'zaby-approval-request');
      const refund = el.send('refund 9');
      const {detail} = await requested;
      await emulator.fault({method: 'POST', path: '/approve', status: 401, code});
      const card = [...el.shadowRoot!.querySelectorAll('zaby-message')]
        .flatMap((m) => [...(m.shadowRoot?.querySelectorAll('zaby-approval-card') ?? [])])
        .at(-1)!;
      await (card as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
      card.shadowRoot!.querySelector<HTMLButtonElement>('[part~="approve-button"]')!.click();
      expect((await refund).status).to.equal('COMPLETED');
      void detail;
      // feedback
      await emulator.fault({method: 'POST', path: '/feedback', status: 401, code});
      await el.updateComplete;
      await until(() =>
        [...el.shadowRoot!.querySelectorAll('zaby-message')].some((m) =>
          m.shadowRoot?.querySelector('zaby-star-rating'),
        ),
      );
      const rating = [...el.shadowRoot!.querySelectorAll('zaby-message')]
        .flatMap((m) => [...(m.shadowRoot?.querySelectorAll('zaby-star-rating') ?? [])])
        .at(-1)!;
      await (rating as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
      rating.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')[2]!.click();
      await (rating as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
      const rated = next(el, 'zaby-feedback');
      rating.shadowRoot!.querySelector<HTMLButtonElement>('[part~="feedback-submit"]')!.click();
      expect((await rated).detail.rating).to.equal(3);
      expect(reasons).to.deep.equal(['missing', reason, reason, reason, reason]);
    });
  }

  it('should ride out 429 with Retry-After and bursts of 502/503, starting exactly one run', async () => {
    const {el} = await chatVia();
    const before = (await emulator.stats()).runsCreated;
    await emulator.fault({
      method: 'POST',
      path: '/runtime/runs',
      status: 429,
      code: 'rate_limited',
      retryAfter: 1,
    });
    await emulator.fault({
      method: 'POST',
      path: '/runtime/runs',
      status: 502,
      code: 'unavailable',
      times: 2,
    });
    await emulator.fault({
      method: 'POST',
      path: '/runtime/runs',
      status: 503,
      code: 'unavailable',
      afterHandler: true,
    });
    await emulator.fault({
      method: 'GET',
      path: '/stream',
      status: 503,
      code: 'unavailable',
      times: 2,
    });
    const result = await el.send('hello despite the weather');
    expect(result.status).to.equal('COMPLETED');
    expect((await emulator.stats()).runsCreated).to.equal(before + 1);
  });

  it('should keep the typed text and offer retry when recovery is impossible', async () => {
    const {el} = await chatVia();
    await emulator.fault({
      method: 'POST',
      path: '/runtime/runs',
      status: 503,
      code: 'unavailable',
      times: 50,
    });
    const failed = next(el, 'zaby-error');
    await typeAndSend(el, 'precious words');
    expect((await failed).detail.retryable).to.equal(true);
    await el.updateComplete;
    expect(textarea(el).value).to.equal('precious words');
    expect(el.shadowRoot!.querySelector('[part~="retry-button"]')).to.exist;
  });
});
