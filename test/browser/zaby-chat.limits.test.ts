import {expect, fixture, html} from '@open-wc/testing';
import type {ZabyChat} from '../../src/index.ts';
import '../../src/index.ts';
import {MockTransport} from '../../src/testing/index.ts';
import {createChat, deep, emulator, textarea, until} from './helpers/chat.ts';

function sendButton(el: ZabyChat): HTMLButtonElement {
  return deep<HTMLButtonElement>(el, 'zaby-composer', '[part~="send-button"]')!;
}

function type(el: ZabyChat, text: string) {
  const area = textarea(el);
  area.value = text;
  area.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
}

describe('<zaby-chat> input limits', () => {
  it('should refuse more than 32,000 characters with a clear message, before any request', async () => {
    const mock = new MockTransport();
    const el = await fixture<ZabyChat>(
      html`<zaby-chat persist="none" .transport=${mock} token="t"></zaby-chat>`,
    );
    type(el, 'x'.repeat(32_001));
    await el.updateComplete;
    sendButton(el).click();
    await new Promise((r) => setTimeout(r, 50));
    expect(mock.requests).to.have.length(0);
    const alert = deep(el, 'zaby-composer', '[role="alert"]')!;
    expect(alert.textContent).to.contain('32,001').and.contain('32,000');
    expect(textarea(el).value.length).to.equal(32_001);
    await el.send('x'.repeat(32_001)).then(
      () => expect.fail('should reject'),
      (e: {code: string}) => expect(e.code).to.equal('input_too_long'),
    );
  });

  it('should refuse a 1 MB paste with the message, without a task over 200 ms, keeping the typed text', async () => {
    const el = await fixture<ZabyChat>(
      html`<zaby-chat persist="none" .transport=${new MockTransport()} token="t"></zaby-chat>`,
    );
    const tasks: number[] = [];
    const observer = new PerformanceObserver((list) =>
      tasks.push(...list.getEntries().map((e) => e.duration)),
    );
    observer.observe({type: 'longtask'});
    type(el, 'typed before');
    const area = textarea(el);
    area.focus();
    // A megabyte of ordinary text: lines of prose, as a pasted document or log would be.
    const line = 'The quick brown fox jumps over the lazy dog, again and again, line after line. ';
    const megabyte = `${line}\n`
      .repeat(Math.ceil(1_000_000 / (line.length + 1)))
      .slice(0, 1_000_000);
    const data = new DataTransfer();
    data.setData('text/plain', megabyte);
    const paste = new ClipboardEvent('paste', {
      clipboardData: data,
      bubbles: true,
      cancelable: true,
    });
    area.dispatchEvent(paste);
    await deep<HTMLElement & {updateComplete: Promise<unknown>}>(el, 'zaby-composer')!
      .updateComplete;
    await new Promise((r) => setTimeout(r, 300));
    observer.disconnect();
    expect(paste.defaultPrevented).to.equal(true);
    expect(Math.max(0, ...tasks)).to.be.below(200);
    expect(deep(el, 'zaby-composer', '[role="alert"]')!.textContent).to.contain('1,000,012');
    expect(area.value).to.equal('typed before');
  });

  it('should start exactly one run for rapid repeated clicks on send', async () => {
    const mock = new MockTransport({delayMs: 5});
    const el = await fixture<ZabyChat>(
      html`<zaby-chat persist="none" .transport=${mock} token="t"></zaby-chat>`,
    );
    type(el, 'only once');
    await el.updateComplete;
    const button = sendButton(el);
    for (let i = 0; i < 10; i++) button.click();
    textarea(el).dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
    await mock.whenIdle();
    await until(() => mock.runs.length === 1 && mock.runs[0]!.status === 'COMPLETED');
    await new Promise((r) => setTimeout(r, 50));
    expect(mock.runs).to.have.length(1);
  });

  it('should send once when sending while a token refresh is pending', async () => {
    let asked = 0;
    const el = await createChat({}, (chat) => {
      chat.tokenProvider = async () => {
        asked++;
        await new Promise((r) => setTimeout(r, 300));
        return (await emulator.mint({externalUserId: `pending-${crypto.randomUUID()}`})).token;
      };
    });
    const before = (await emulator.stats()).runsCreated;
    type(el, 'during refresh');
    await el.updateComplete;
    sendButton(el).click();
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    // The button is a stop button now, and Enter does nothing while busy.
    textarea(el).dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
    await until(async () => (await emulator.stats()).runsCreated === before + 1);
    await until(() => textarea(el).value === '');
    await new Promise((r) => setTimeout(r, 200));
    expect((await emulator.stats()).runsCreated).to.equal(before + 1);
    expect(asked).to.equal(1);
  });
});
