import {expect} from '@open-wc/testing';
import {configureZaby, type ZabyChat, type ZabyTokenRefreshEvent} from '../../src/index.ts';
import {
  createChat,
  emulator,
  mountChat,
  next,
  textarea,
  typeAndSend,
  until,
} from './helpers/chat.ts';

/** Records every refresh event; answers each with `answer(reason)`. */
function answerRefreshes(el: ZabyChat, answer: (reason: string) => Promise<string>) {
  const reasons: string[] = [];
  el.addEventListener('zaby-token-refresh', (e: ZabyTokenRefreshEvent) => {
    reasons.push(e.detail.reason);
    e.detail.respondWith(answer(e.detail.reason));
  });
  return reasons;
}

function bareChat(
  attrs: Record<string, string> = {},
  setup?: (el: ZabyChat) => void,
): Promise<ZabyChat> {
  return createChat(attrs, setup);
}

describe('<zaby-chat> token refresh', () => {
  afterEach(() => emulator.clearFaults());

  it('should ask with reason "missing" through the event and use respondWith', async () => {
    const el = await bareChat();
    const user = `evt-${crypto.randomUUID()}`;
    const reasons = answerRefreshes(
      el,
      async () => (await emulator.mint({externalUserId: user})).token,
    );
    const result = await el.send('hello');
    expect(result.status).to.equal('COMPLETED');
    expect(reasons).to.deep.equal(['missing']);
  });

  it('should refresh with reason "expiring" before exp without waiting for a request, until removed', async () => {
    const user = `expiring-${crypto.randomUUID()}`;
    // 62 s tokens with the default 60 s margin: each is due for refresh about 2 s after it is minted.
    const mint = async () => (await emulator.mint({externalUserId: user, ttlSeconds: 62})).token;
    const first = await mint();
    const el = await bareChat({}, (chat) => {
      chat.token = first;
    });
    const seen: Array<{reason: string; currentToken: string | null}> = [];
    el.addEventListener('zaby-token-refresh', (e: ZabyTokenRefreshEvent) => {
      seen.push({reason: e.detail.reason, currentToken: e.detail.currentToken});
      e.detail.respondWith(mint());
    });
    await until(() => seen.length === 1, 5000, 'the first expiring refresh');
    expect(seen[0]).to.deep.equal({reason: 'expiring', currentToken: first});
    await until(() => el.token !== first, 2000, 'the new token in use');
    expect((await el.send('hi')).status).to.equal('COMPLETED');

    // A chat taken out of the page before its token is due asks for nothing.
    const fresh = await mint();
    const removed = await bareChat({}, (chat) => {
      chat.token = fresh;
    });
    let asked = 0;
    removed.addEventListener('zaby-token-refresh', () => asked++);
    removed.remove();
    await new Promise((r) => setTimeout(r, 3000));
    expect(asked, 'no refresh once removed').to.equal(0);
  });

  it('should take refresh-before-expiry from the markup for the first token', async () => {
    const user = `margin-${crypto.randomUUID()}`;
    // A 602 s token with a 600 s margin is due about 2 s after it is minted.
    const {token} = await emulator.mint({externalUserId: user, ttlSeconds: 602});
    const el = await bareChat({'refresh-before-expiry': '600'}, (chat) => {
      chat.token = token;
    });
    const reasons = answerRefreshes(
      el,
      async () => (await emulator.mint({externalUserId: user})).token,
    );
    await until(() => reasons.length > 0, 5000, 'the expiring refresh');
    expect(reasons[0]).to.equal('expiring');
  });

  it('should pass reason and currentToken to tokenProvider', async () => {
    const el = await bareChat();
    const calls: Array<{reason: string; currentToken: string | null}> = [];
    el.tokenProvider = async (ctx) => {
      calls.push(ctx as {reason: string; currentToken: string | null});
      return (await emulator.mint({externalUserId: 'provider-user'})).token;
    };
    await el.send('hi');
    expect(calls).to.have.length(1);
    expect(calls[0]).to.deep.equal({reason: 'missing', currentToken: null});
  });

  it('should POST to token-endpoint with same-origin credentials', async () => {
    const el = await bareChat({
      'token-endpoint': `/__zaby-token?user=endpoint-${crypto.randomUUID()}`,
    });
    const result = await el.send('hi');
    expect(result.status).to.equal('COMPLETED');
    expect(el.token).to.be.a('string').and.match(/^eyJ/);
  });

  it('should take a token the host sets in answer to the event', async () => {
    const el = await bareChat();
    el.addEventListener('zaby-token-refresh', () => {
      void emulator.mint({externalUserId: 'setter'}).then(({token}) => {
        el.token = token;
      });
    });
    expect((await el.send('hi')).status).to.equal('COMPLETED');
  });

  it('should refresh with reason "revoked" after the family is revoked, and the next message works', async () => {
    const el = await bareChat();
    const user = `rev-${crypto.randomUUID()}`;
    let familyId = '';
    const reasons = answerRefreshes(el, async () => {
      const minted = await emulator.mint({externalUserId: user});
      familyId = minted.familyId;
      return minted.token;
    });
    await el.send('first');
    expect(await emulator.revokeFamily(familyId)).to.equal(200);
    const before = (await emulator.stats()).runsCreated;
    const started = next(el, 'zaby-run-start');
    const result = await el.send('second');
    expect(result.status).to.equal('COMPLETED');
    expect(reasons).to.deep.equal(['missing', 'revoked']);
    expect((await started).detail.input).to.equal('second');
    expect((await emulator.stats()).runsCreated).to.equal(before + 1);
  });

  it('should refresh with reason "exhausted" when maxUses is used up', async () => {
    const el = await bareChat();
    const user = `mxu-${crypto.randomUUID()}`;
    const reasons = answerRefreshes(
      el,
      async () => (await emulator.mint({externalUserId: user, maxUses: 1})).token,
    );
    await el.send('one');
    await el.send('two');
    expect(reasons).to.deep.equal(['missing', 'exhausted']);
  });

  it('should refresh with reason "invalid" for a token the server rejects', async () => {
    const el = await bareChat();
    el.token = 'not-a-jwt';
    const reasons = answerRefreshes(
      el,
      async () => (await emulator.mint({externalUserId: 'inv'})).token,
    );
    expect((await el.send('hi')).status).to.equal('COMPLETED');
    expect(reasons).to.deep.equal(['invalid']);
  });

  it('should refresh with reason "expiring" before exp', async () => {
    const el = await bareChat({'refresh-before-expiry': '120'});
    const minted = await emulator.mint({externalUserId: 'exp', ttlSeconds: 60});
    el.token = minted.token;
    const reasons = answerRefreshes(
      el,
      async () => (await emulator.mint({externalUserId: 'exp'})).token,
    );
    await el.send('hi');
    expect(reasons).to.deep.equal(['expiring']);
  });

  it('should refresh with reason "expired" when the token is past exp', async () => {
    const el = await bareChat({'refresh-before-expiry': '0'});
    // Handed over already expired (a token set before exp would be refreshed on the timer).
    const {token} = await emulator.mint({externalUserId: 'exp2', ttlSeconds: 1});
    await new Promise((r) => setTimeout(r, 1_100));
    el.token = token;
    const reasons = answerRefreshes(
      el,
      async () => (await emulator.mint({externalUserId: 'exp2'})).token,
    );
    expect((await el.send('hi')).status).to.equal('COMPLETED');
    expect(reasons).to.deep.equal(['expired']);
  });

  it('should resume after the token family is revoked mid-stream', async () => {
    const el = await bareChat();
    const user = `midstream-${crypto.randomUUID()}`;
    let familyId = '';
    const reasons = answerRefreshes(el, async () => {
      const minted = await emulator.mint({externalUserId: user});
      familyId = minted.familyId;
      return minted.token;
    });
    // A refund waits for approval with its stream open.
    const requested = next(el, 'zaby-approval-request');
    const done = el.send('refund order 5');
    await requested;
    await until(async () => (await emulator.stats()).openStreams > 0);
    expect(await emulator.revokeFamily(familyId)).to.equal(200);
    // The stream was cut; the element reconnects, gets 401 token_revoked, refreshes and resumes.
    await until(() => reasons.length === 2, 8000, 'the refresh');
    const card = [...el.shadowRoot!.querySelectorAll('zaby-message')]
      .flatMap((m) => [...(m.shadowRoot?.querySelectorAll('zaby-approval-card') ?? [])])
      .at(-1)!;
    card.shadowRoot!.querySelector<HTMLButtonElement>('[part~="approve-button"]')!.click();
    const result = await done;
    expect(result.status).to.equal('COMPLETED');
    expect(result.finalOutput).to.contain('issued a refund');
    expect(reasons).to.deep.equal(['missing', 'revoked']);
  });

  it('should share one refresh between concurrent needs', async () => {
    const user = `single-${crypto.randomUUID()}`;
    const first = await mountChat({user, attrs: {persist: 'session', id: 'single-flight'}});
    await first.send('one');
    await first.send('two');
    first.remove();
    // Restoring reads both runs' events at once: two needs, one refresh.
    let asked = 0;
    const second = await bareChat({persist: 'session', id: 'single-flight'}, (el) => {
      el.tokenProvider = async () => {
        asked += 1;
        await new Promise((r) => setTimeout(r, 100));
        return (await emulator.mint({externalUserId: user})).token;
      };
    });
    await until(
      () => (second.shadowRoot?.querySelectorAll('zaby-message').length ?? 0) === 4,
      8000,
      'restore',
    );
    expect(asked).to.equal(1);
    sessionStorage.clear();
  });

  it('should keep the typed text when no token can be had, and send once one can', async () => {
    const el = await bareChat();
    let fail = true;
    el.tokenProvider = async () => {
      if (fail) throw new Error('backend down');
      return (await emulator.mint({externalUserId: 'late'})).token;
    };
    const failed = next(el, 'zaby-error');
    await typeAndSend(el, 'do not lose me');
    const error = await failed;
    expect(error.detail).to.include({code: 'token_unavailable', retryable: true});
    await el.updateComplete;
    expect(textarea(el).value).to.equal('do not lose me');
    fail = false;
    const finished = next(el, 'zaby-run-finish');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    expect((await finished).detail.status).to.equal('COMPLETED');
    await until(() => textarea(el).value === '');
  });

  it('should give up with a retryable token_unavailable when no one answers, keep the text, and send on retry', async () => {
    // The contract's 30 s, shortened for the test through the page-wide setting.
    configureZaby({tokenTimeoutMs: 300});
    try {
      const el = await bareChat();
      const runsBefore = (await emulator.stats()).runsCreated;
      const refreshes: string[] = [];
      el.addEventListener('zaby-token-refresh', (e: ZabyTokenRefreshEvent) =>
        refreshes.push(e.detail.reason),
      );
      const failed = next(el, 'zaby-error');
      const started = performance.now();
      await typeAndSend(el, 'nobody answers');
      const error = await failed;
      expect(performance.now() - started).to.be.within(250, 5_000);
      expect(error.detail).to.include({code: 'token_unavailable', retryable: true});
      expect(refreshes).to.deep.equal(['missing']);
      await el.updateComplete;
      expect(textarea(el).value).to.equal('nobody answers');
      expect(el.shadowRoot!.querySelector('[part~="error"]')?.textContent).to.match(/\S/);
      expect((await emulator.stats()).runsCreated).to.equal(runsBefore);
      el.token = (await emulator.mint({externalUserId: `late-${crypto.randomUUID()}`})).token;
      const finished = next(el, 'zaby-run-finish');
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
      expect((await finished).detail.status).to.equal('COMPLETED');
      await until(() => textarea(el).value === '');
      expect((await emulator.stats()).runsCreated).to.equal(runsBefore + 1);
    } finally {
      configureZaby({tokenTimeoutMs: 30_000});
    }
  });

  it('should never write the token into an attribute or storage', async () => {
    const el = await mountChat({attrs: {persist: 'local', id: 'hygiene'}});
    await el.send('hello');
    expect(el.token).to.match(/^eyJ/);
    const token = el.token!;
    expect(el.outerHTML).not.to.contain(token);
    const all = [
      ...Object.values(localStorage),
      ...Object.values(sessionStorage),
      document.cookie,
    ].join(' ');
    expect(all).not.to.contain(token);
    localStorage.clear();
  });
});
