import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import type {ZabyChat} from '../../src/index.ts';
import {
  axeViolations,
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
import '../../src/addons/locales/index.ts'; // German and Arabic

async function waitForReply(el: ZabyChat) {
  await until(
    () =>
      !el.shadowRoot!.querySelector('[part="log"]')!.getAttribute('aria-busy')?.includes('true') &&
      messages(el).length > 0,
    10_000,
    'the reply to finish',
  );
}

describe('<zaby-chat>', () => {
  afterEach(async () => {
    await emulator.clearFaults();
    sessionStorage.clear();
    localStorage.clear();
  });

  describe('properties', () => {
    it('should show the agent name, the greeting and the placeholder', async () => {
      const el = await mountChat({
        attrs: {'agent-name': 'Ada', greeting: 'Hi **there**', placeholder: 'Ask me'},
      });
      await el.updateComplete;
      expect(deep(el, '[part="title"]')!.textContent).to.equal('Ada');
      expect(lastReplyText(el)).to.contain('Hi there');
      expect(
        deep(el, 'zaby-message', '[part~="assistant"] zaby-markdown', 'strong')?.textContent,
      ).to.equal('there');
      expect(textarea(el).placeholder).to.equal('Ask me');
    });

    it('should never send the greeting to the server', async () => {
      const before = (await emulator.stats()).runsCreated;
      const el = await mountChat({attrs: {greeting: 'Hello'}});
      await new Promise((r) => setTimeout(r, 100));
      expect((await emulator.stats()).runsCreated).to.equal(before);
      expect(messages(el)).to.have.length(1);
    });

    it('should disable the composer when disabled', async () => {
      const el = await mountChat({attrs: {disabled: ''}});
      await el.updateComplete;
      await deep<HTMLElement & {updateComplete: Promise<unknown>}>(el, 'zaby-composer')!
        .updateComplete;
      expect(textarea(el).disabled).to.equal(true);
    });

    it('should hide the rating when feedback is off', async () => {
      const el = await mountChat({attrs: {feedback: 'off'}});
      await el.send('hello');
      await el.updateComplete;
      expect(deepAll(el, 'zaby-message', 'zaby-star-rating')).to.have.length(0);
    });

    it('should switch themes without a remount', async () => {
      const el = await mountChat({attrs: {theme: 'light'}});
      const panel = deep(el, '[part="panel"]')!;
      const light = getComputedStyle(panel).backgroundColor;
      el.theme = 'dark';
      await el.updateComplete;
      expect(deep(el, '[part="panel"]')).to.equal(panel);
      expect(getComputedStyle(panel).backgroundColor).not.to.equal(light);
      expect(el.getAttribute('theme')).to.equal('dark');
    });

    it('should lay out right-to-left for Arabic and translate for German', async () => {
      const el = await mountChat({attrs: {locale: 'ar'}});
      expect(deep(el, '[part="panel"]')!.getAttribute('dir')).to.equal('rtl');
      el.locale = 'de';
      await el.updateComplete;
      expect(deep(el, '[part="panel"]')!.getAttribute('dir')).to.equal('ltr');
      const composer = deep<HTMLElement & {updateComplete: Promise<unknown>}>(el, 'zaby-composer')!;
      await composer.updateComplete;
      expect(
        deep(el, 'zaby-composer', '[part~="send-button"]')!.getAttribute('aria-label') ??
          deep(el, 'zaby-composer', '[part~="send-button"]')!.textContent,
      ).to.match(/Senden/);
    });

    it('should take strings overrides from the host', async () => {
      const el = await mountChat();
      el.strings = {title: 'Helpdesk'};
      await el.updateComplete;
      expect(deep(el, '[part="title"]')!.textContent).to.equal('Helpdesk');
    });
  });

  describe('conversation', () => {
    it('should stream a reply, fire run events and keep the log busy only while streaming', async () => {
      const el = await mountChat();
      const started = next(el, 'zaby-run-start');
      const finished = next(el, 'zaby-run-finish');
      await typeAndSend(el, 'Hello there');
      const start = await started;
      expect(start.detail.input).to.equal('Hello there');
      expect(start.detail.runId).to.be.a('string');
      expect(start.detail.requestId).to.be.a('string');
      expect(textarea(el).value).to.equal('');
      const finish = await finished;
      expect(finish.detail).to.include({runId: start.detail.runId, status: 'COMPLETED'});
      await el.updateComplete;
      await waitForReply(el);
      expect(lastReplyText(el)).to.contain('Hello there');
      expect(deep(el, '[part="log"]')!.getAttribute('aria-busy')).to.equal('false');
    });

    it('should announce a finished reply once, not every token', async () => {
      const el = await mountChat({attrs: {'agent-name': 'Ada'}});
      const region = el.shadowRoot!.querySelector('.visually-hidden[role="status"]')!;
      const texts: string[] = [];
      const observer = new MutationObserver(() => texts.push(region.textContent ?? ''));
      observer.observe(region, {subtree: true, childList: true, characterData: true});
      await el.send('announce me');
      await until(() => (region.textContent ?? '').includes('announce me'));
      observer.disconnect();
      const announced = texts.filter((t) => t.trim());
      expect(announced).to.have.length(1);
      expect(announced[0]).to.match(/^Ada replied: You said:/);
    });

    it('should keep the newest message in view when the panel shrinks or grows back', async () => {
      const el = await mountChat();
      el.parentElement!.style.height = '600px';
      await el.send('markdown please');
      const log = deep(el, '[part="log"]')!;
      const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 2;
      await until(
        () => log.scrollHeight > log.clientHeight * 2 && atBottom(),
        8000,
        'at the bottom of a long transcript',
      );
      const tall = log.clientHeight;
      // As an on-screen keyboard would: the panel loses 240 px, with no new content.
      el.parentElement!.style.height = '360px';
      await until(() => log.clientHeight <= tall - 200, 2000, 'the smaller log');
      await until(atBottom, 2000, 'still at the bottom after shrinking');
      el.parentElement!.style.height = '600px';
      await until(
        () => log.clientHeight === tall && atBottom(),
        2000,
        'still at the bottom after growing back',
      );
    });

    it('should follow the stream, stop when the person scrolls up, and offer jump to latest', async () => {
      const el = await mountChat();
      el.parentElement!.style.height = '360px';
      await el.send('markdown please');
      const log = deep(el, '[part="log"]')!;
      await until(() => log.scrollHeight > log.clientHeight * 2, 8000, 'a long transcript');
      await until(
        () => log.scrollHeight - log.scrollTop - log.clientHeight < 40,
        4000,
        'following the stream',
      );
      const started = next(el, 'zaby-run-start');
      const done = el.send('another long markdown reply');
      await started;
      log.scrollTop = 0;
      log.dispatchEvent(new Event('scroll'));
      await done;
      await until(() => !!el.shadowRoot!.querySelector('.jump'), 4000, 'the jump button');
      expect(log.scrollTop).to.be.below(50);
      el.shadowRoot!.querySelector<HTMLButtonElement>('.jump')!.click();
      await until(
        () => log.scrollHeight - log.scrollTop - log.clientHeight < 40,
        4000,
        'back at the bottom',
      );
      await until(() => !el.shadowRoot!.querySelector('.jump'));
    });

    it('should resolve send() with the finished run', async () => {
      const el = await mountChat();
      const result = await el.send('hi');
      expect(result.status).to.equal('COMPLETED');
      expect(result.finalOutput).to.be.a('string').and.not.empty;
    });

    it('should show the weather tool call and its result, collapsed', async () => {
      const el = await mountChat();
      await el.send("What's the weather in Paris?");
      // send() settles when the run's last event is applied; when the whole run arrived within
      // one frame, the tool call element renders in the microtasks after that.
      await until(
        () =>
          deepAll(el, 'zaby-message', 'zaby-tool-call').length === 1 &&
          !!deepAll(el, 'zaby-message', 'zaby-tool-call')[0]!.shadowRoot?.querySelector('details'),
        4000,
        'the tool call',
      );
      const tool = deepAll(el, 'zaby-message', 'zaby-tool-call')[0]!;
      const details = tool.shadowRoot!.querySelector('details')!;
      expect(details.querySelector('summary')!.textContent).to.contain('get_weather');
      expect(details.open).to.equal(false);
      await until(() => lastReplyText(el).includes('Paris'), 4000, 'the reply text');
      expect(lastReplyText(el)).not.to.contain('"toolCallId"');
    });

    it('should approve a refund and finish the run', async () => {
      const el = await mountChat();
      const requested = next(el, 'zaby-approval-request');
      const done = el.send('I want a refund');
      const request = await requested;
      expect(request.detail.toolName).to.equal('issue_refund');
      await el.updateComplete;
      await until(
        () =>
          !!deep(el, 'zaby-message:last-of-type', 'zaby-approval-card') ||
          deepAll(el, 'zaby-message', 'zaby-approval-card').length > 0,
      );
      const decided = next(el, 'zaby-approval-decision');
      const card = deepAll(el, 'zaby-message', 'zaby-approval-card')[0]!;
      await (card as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
      deep<HTMLButtonElement>(card, '[part~="approve-button"]')!.click();
      expect((await decided).detail).to.include({
        approvalId: request.detail.approvalId,
        decision: 'APPROVED',
      });
      const result = await done;
      expect(result.status).to.equal('COMPLETED');
      // Decided: the card says so and has no buttons left.
      await until(() => !deep<HTMLButtonElement>(card, '[part~="approve-button"]'));
      expect(deep(card, 'h3')!.textContent).to.contain('Approved');
    });

    it('should reject a refund and say nothing was done', async () => {
      const el = await mountChat();
      const requested = next(el, 'zaby-approval-request');
      const done = el.send('refund please');
      await requested;
      await until(() => deepAll(el, 'zaby-message', 'zaby-approval-card').length > 0);
      const card = deepAll(el, 'zaby-message', 'zaby-approval-card')[0]!;
      await (card as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
      const decided = next(el, 'zaby-approval-decision');
      deep<HTMLButtonElement>(card, '[part~="reject-button"]')!.click();
      expect((await decided).detail.decision).to.equal('REJECTED');
      expect((await done).status).to.equal('COMPLETED');
    });

    it('should send a star rating that reaches the server', async () => {
      const user = `rater-${crypto.randomUUID()}`;
      const el = await mountChat({user});
      const {runId} = await el.send('hello');
      await el.updateComplete;
      await until(() => deepAll(el, 'zaby-message', 'zaby-star-rating').length > 0);
      const rating = deepAll(el, 'zaby-message', 'zaby-star-rating')[0]!;
      await (rating as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
      deepAll<HTMLInputElement>(rating, 'input[type="radio"]')[3]!.click();
      await (rating as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
      const sent = next(el, 'zaby-feedback');
      deep<HTMLButtonElement>(rating, '[part~="feedback-submit"]')!.click();
      expect((await sent).detail).to.include({runId, rating: 4});
      // The server has it: sending again for the same user replaces it (200, not 201).
      const {origin} = await emulator.info();
      const token = (await emulator.mint({externalUserId: user})).token;
      const again = await fetch(`${origin}/api/v1/runtime/runs/${runId}/feedback`, {
        method: 'POST',
        headers: {Authorization: `Bearer ${token}`, 'Content-Type': 'application/json'},
        body: JSON.stringify({rating: 4}),
      });
      expect(again.status).to.equal(200);
    });

    it('should stop a slow run on the server', async () => {
      const el = await mountChat();
      const started = next(el, 'zaby-run-start');
      const done = el.send('slow please');
      await started;
      await pressStop(el);
      expect((await done).status).to.equal('CANCELLED');
      await until(async () => (await emulator.stats()).openStreams === 0, 5000, 'streams to close');
    });

    it('should keep typed text and offer retry when the start keeps failing, then send once', async () => {
      const el = await mountChat();
      await emulator.fault({
        method: 'POST',
        path: '/runtime/runs',
        status: 503,
        code: 'unavailable',
        times: 20,
      });
      const before = (await emulator.stats()).runsCreated;
      const failed = next(el, 'zaby-error');
      await typeAndSend(el, 'keep me');
      const error = await failed;
      expect(error.detail).to.include({code: 'unavailable', retryable: true});
      await el.updateComplete;
      expect(textarea(el).value).to.equal('keep me');
      const retry = deep<HTMLButtonElement>(el, '[part~="retry-button"]');
      expect(retry).to.exist;
      await emulator.clearFaults();
      const finished = next(el, 'zaby-run-finish');
      retry!.click();
      await finished;
      expect((await emulator.stats()).runsCreated).to.equal(before + 1);
      expect(textarea(el).value).to.equal('');
    });

    it('should show a non-retryable error without a retry button', async () => {
      const el = await mountChat();
      await emulator.fault({
        method: 'POST',
        path: '/runtime/runs',
        status: 403,
        code: 'forbidden',
        times: 1,
      });
      const failed = next(el, 'zaby-error');
      await typeAndSend(el, 'nope');
      expect((await failed).detail).to.include({code: 'forbidden', retryable: false});
      await el.updateComplete;
      expect(deep(el, '[part~="error"]')).to.exist;
      expect(deep(el, '[part~="retry-button"]')).to.equal(null);
    });

    it('should show a failed run', async () => {
      const el = await mountChat();
      const result = await el.send('please fail');
      expect(result.status).to.equal('FAILED');
      await el.updateComplete;
      // One notice, in the failed message itself (no second banner).
      await until(() => !!failedNotice(el), 4000, 'the failed notice');
      expect(deep(el, '[part~="error"]')).to.equal(null);
    });

    it('should forget the transcript on clear()', async () => {
      const el = await mountChat({attrs: {persist: 'session', id: 'clear-test'}});
      await el.send('hello');
      el.clear();
      await el.updateComplete;
      expect(messages(el)).to.have.length(0);
      expect(Object.keys(sessionStorage).filter((k) => k.startsWith('zaby-chat'))).to.have.length(
        0,
      );
    });
  });

  describe('persistence', () => {
    it('should restore the transcript after a reload, and never store the token', async () => {
      const user = `persist-${crypto.randomUUID()}`;
      const first = await mountChat({user, attrs: {persist: 'session', id: 'persist-a'}});
      await first.send('remember this');
      await until(
        () => lastReplyText(first).endsWith('rich text.'),
        8000,
        'the whole reply to render',
      );
      const reply = lastReplyText(first);
      first.remove();
      const stored = Object.values(sessionStorage).join(' ');
      expect(stored).to.contain('remember this');
      expect(stored).not.to.match(/eyJ/);
      const second = await mountChat({user, attrs: {persist: 'session', id: 'persist-a'}});
      await until(() => messages(second).length === 2, 8000, 'restore');
      await second.updateComplete;
      await until(
        () => lastReplyText(second).includes('remember this'),
        8000,
        'the restored reply',
      );
      expect(lastReplyText(second)).to.equal(reply);
    });

    it('should restore a pending approval that can still be decided', async () => {
      const user = `approval-${crypto.randomUUID()}`;
      const first = await mountChat({user, attrs: {persist: 'local', id: 'persist-b'}});
      const requested = next(first, 'zaby-approval-request');
      void first.send('refund my order').catch(() => undefined);
      const {detail} = await requested;
      first.remove();
      const second = await mountChat({user, attrs: {persist: 'local', id: 'persist-b'}});
      const again = await next(second, 'zaby-approval-request');
      expect(again.detail.approvalId).to.equal(detail.approvalId);
      await until(() => deepAll(second, 'zaby-message', 'zaby-approval-card').length > 0);
      const card = deepAll(second, 'zaby-message', 'zaby-approval-card')[0]!;
      await (card as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
      const finished = next(second, 'zaby-run-finish');
      deep<HTMLButtonElement>(card, '[part~="approve-button"]')!.click();
      expect((await finished).detail.status).to.equal('COMPLETED');
    });
  });

  describe('launcher', () => {
    it('should open, close with Escape and return focus to the launcher', async () => {
      const el = await mountChat({attrs: {mode: 'launcher'}});
      const launcher = deep<HTMLButtonElement>(el, '[part="launcher"]')!;
      expect(deep(el, '[part="panel"]')!.hidden).to.equal(true);
      const opened = next(el, 'zaby-open-change');
      launcher.click();
      expect((await opened).detail.open).to.equal(true);
      await el.updateComplete;
      expect(el.open).to.equal(true);
      expect(el.hasAttribute('open')).to.equal(true);
      expect(deep(el, '[part="panel"]')!.getAttribute('role')).to.equal('dialog');
      await until(
        () => el.shadowRoot!.activeElement?.tagName === 'ZABY-COMPOSER',
        3000,
        'focus in composer',
      );
      const closed = next(el, 'zaby-open-change');
      await sendKeys({press: 'Escape'});
      expect((await closed).detail.open).to.equal(false);
      await el.updateComplete;
      await until(
        () => el.shadowRoot!.activeElement === launcher,
        3000,
        'focus back on the launcher',
      );
    });

    it('should open and close with show() and hide()', async () => {
      const el = await mountChat({attrs: {mode: 'launcher'}});
      el.show();
      await el.updateComplete;
      expect(deep(el, '[part="panel"]')!.hidden).to.equal(false);
      el.hide();
      await el.updateComplete;
      expect(deep(el, '[part="panel"]')!.hidden).to.equal(true);
    });
  });

  describe('accessibility', () => {
    for (const theme of ['light', 'dark'] as const) {
      it(`should have no axe violations idle, streaming, in approval, feedback and error states (${theme})`, async () => {
        const el = await mountChat({attrs: {theme, greeting: 'Hello!'}});
        expect(await axeViolations(el), 'idle').to.deep.equal([]);

        const slow = el.send('slow reply');
        await until(() => deep(el, '[part="log"]')!.getAttribute('aria-busy') === 'true');
        expect(await axeViolations(el), 'streaming').to.deep.equal([]);
        await pressStop(el);
        await slow;

        const approval = next(el, 'zaby-approval-request');
        const refund = el.send('refund');
        await approval;
        await until(() => deepAll(el, 'zaby-message', 'zaby-approval-card').length > 0);
        expect(await axeViolations(el), 'approval').to.deep.equal([]);
        const card = deepAll(el, 'zaby-message', 'zaby-approval-card').at(-1)!;
        await (card as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
        deep<HTMLButtonElement>(card, '[part~="reject-button"]')!.click();
        await refund;
        await el.updateComplete;
        expect(await axeViolations(el), 'feedback').to.deep.equal([]);

        await emulator.fault({
          method: 'POST',
          path: '/runtime/runs',
          status: 503,
          code: 'unavailable',
          times: 20,
        });
        const failed = next(el, 'zaby-error');
        void el.send('error state').catch(() => undefined);
        await failed;
        await el.updateComplete;
        expect(await axeViolations(el), 'error').to.deep.equal([]);
      });

      it(`should have no axe violations with the launcher open (${theme})`, async () => {
        const el = await fixture<ZabyChat>(
          html`<zaby-chat mode="launcher" theme=${theme} persist="none"></zaby-chat>`,
        );
        expect(await axeViolations(el), 'closed').to.deep.equal([]);
        el.show();
        await el.updateComplete;
        expect(await axeViolations(el), 'open').to.deep.equal([]);
      });
    }
  });
});
