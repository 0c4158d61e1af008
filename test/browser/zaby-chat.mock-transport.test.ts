import {expect, fixture, html} from '@open-wc/testing';
import type {ZabyChat} from '../../src/index.ts';
import '../../src/index.ts';
import {MockTransport} from '../../src/testing/index.ts';
import {deepAll, deepText, lastReplyText, messages, next, until} from './helpers/chat.ts';

describe('<zaby-chat> with MockTransport', () => {
  it('should run a scripted conversation with no server, approvals and 401s included', async () => {
    const mock = new MockTransport({
      reply: (input) =>
        input.includes('refund')
          ? {
              steps: [{approval: {toolName: 'issue_refund', arguments: {amount: 5}}}],
              approved: [{text: 'Refunded.'}],
            }
          : [{thinking: 'hm'}, {text: `Hi! You said **${input}**.`}],
    });
    const el = await fixture<ZabyChat>(
      html`<zaby-chat persist="none" .transport=${mock} token="t-1"></zaby-chat>`,
    );
    const reasons: string[] = [];
    el.addEventListener('zaby-token-refresh', (e) => {
      reasons.push(e.detail.reason);
      e.detail.respondWith(`t-${reasons.length + 1}`);
    });
    expect((await el.send('hello')).finalOutput).to.equal('Hi! You said **hello**.');
    await until(() => lastReplyText(el).includes('Hi! You said hello.'));
    mock.failNext(401, 'token_revoked', {path: '/runtime/runs'});
    const requested = next(el, 'zaby-approval-request');
    const done = el.send('refund');
    await requested;
    expect(reasons).to.deep.equal(['revoked']);
    await until(() => deepAll(el, 'zaby-message', 'zaby-approval-card').length === 1);
    const card = deepAll(el, 'zaby-message', 'zaby-approval-card')[0]!;
    await (card as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
    card.shadowRoot!.querySelector<HTMLButtonElement>('[part~="approve-button"]')!.click();
    expect((await done).finalOutput).to.equal('Refunded.');
    expect(mock.runs.map((r) => r.input)).to.deep.equal(['hello', 'refund']);
  });

  it('should stream each reply into its own message while the log spans several groups', async () => {
    // 16 messages per group: replies 8, 9 and 17 start, straddle and cross group boundaries.
    const mock = new MockTransport({
      reply: (input) => ({
        steps: [
          {text: `Reply to ${input}: `},
          {delayMs: 40},
          {text: 'streamed in '},
          {delayMs: 40},
          {text: `parts (${input}).`},
          {text: `\n\n${'More words to make a reply of a few lines. '.repeat(8)}`},
        ],
      }),
    });
    const el = await fixture<ZabyChat>(
      html`<zaby-chat persist="none" feedback="off" .transport=${mock} token="t"></zaby-chat>`,
    );
    el.parentElement!.style.height = '480px';
    for (let i = 1; i <= 18; i++) {
      await el.send(`m${i}`);
      await until(() => lastReplyText(el).includes(`(m${i}).`));
    }
    const texts = messages(el).map((m) => deepText(m).replace(/\s+/g, ' ').trim());
    expect(texts).to.have.length(36);
    texts.forEach((text, k) => {
      const i = Math.floor(k / 2) + 1;
      expect(text, `message ${k}`).to.contain(
        k % 2 ? `Reply to m${i}: streamed in parts (m${i}).` : `m${i}`,
      );
    });
    const groups = el.shadowRoot!.querySelectorAll('.log-content > .group');
    expect(
      [...groups].map((g) => g.querySelectorAll(':scope > zaby-message').length),
    ).to.deep.equal([16, 16, 4]);

    // Groups out of view are skipped by rendering (content-visibility); scrolled back into
    // view they are there again, the first message at the top of the log.
    const log = el.shadowRoot!.querySelector<HTMLElement>('[part="log"]')!;
    expect(log.scrollHeight).to.be.greaterThan(log.clientHeight * 2);
    const first = messages(el)[0]!;
    const box = log.getBoundingClientRect();
    const hit = () =>
      el.shadowRoot!.elementFromPoint(
        box.left + box.width / 2,
        first.getBoundingClientRect().top + 8,
      );
    const rendered = () => first.checkVisibility({contentVisibilityAuto: true});
    await until(() => !rendered(), 2000, 'the first group skipped while out of view');
    log.scrollTop = 0;
    await until(
      () =>
        log.scrollTop === 0 &&
        first.getBoundingClientRect().top >= box.top &&
        hit() === first &&
        rendered(),
      2000,
      'the first message rendered at the top',
    );
    expect(deepText(first)).to.contain('m1');
  });
});
