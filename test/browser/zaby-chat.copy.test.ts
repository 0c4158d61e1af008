/**
 * The copy buttons against the emulator: a finished reply's `copy-button` (its markdown
 * source) and each code block's `code-copy-button` (its code only, highlighted or not),
 * through the real clipboard with a granted permission; the fallback where the clipboard is
 * refused (a denied permission, no Clipboard API), without an error anywhere; labels in
 * three languages, 44 px, keyboard, RTL and axe in both themes.
 */
import {expect} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import type {ZabyChat} from '../../src/index.ts';
import '../../src/addons/highlight/index.ts';
import '../../src/addons/locales/index.ts';
import {markdownReply} from '../../src/runtime/agent-texts.ts';
import {setClipboardPermission} from './helpers/clipboard.ts';
import {
  axeViolations,
  deepAll,
  lastReplyText,
  messages,
  mountChat,
  next,
  pressStop,
  until,
} from './helpers/chat.ts';

const REPLY = markdownReply();

const replyButtons = (el: ZabyChat) =>
  deepAll<HTMLButtonElement>(el, 'zaby-message', "[part~='copy-button']");
const codeButtons = (el: ZabyChat) =>
  deepAll<HTMLButtonElement>(el, 'zaby-message', 'zaby-markdown', "[part~='code-copy-button']");
const codes = (el: ZabyChat) => deepAll(el, 'zaby-message', 'zaby-markdown', 'pre > code');
const liveRegion = (el: ZabyChat) =>
  el.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')!;

/** The text a copy button shows (CSS content in place of its icon), '' for the icon. */
const shown = (button: HTMLElement) =>
  /^"(.*)"$/.exec(getComputedStyle(button, '::before').content)?.[1] ?? '';

/**
 * Waits until the page has no transient user activation (a key press lasts 5 s in
 * Chromium): with one, Chromium writes to the clipboard whatever the permission says.
 */
const noActivation = () =>
  until(() => !navigator.userActivation.isActive, 8000, 'the activation to expire');

/** A chat that has the markdown reply, finished, its code highlighted. */
async function withMarkdownReply(attrs: Record<string, string> = {}): Promise<ZabyChat> {
  const el = await mountChat({attrs});
  await el.send('Show me some markdown');
  await until(
    () => codes(el).length === 3 && codes(el).every((c) => c.querySelector('.token')),
    5000,
    'highlighted code',
  );
  await until(() => replyButtons(el).length === 1, 3000, 'copy button');
  return el;
}

/** Presses Enter on `button` as a person would (focus, then a real key press). */
async function press(button: HTMLElement): Promise<void> {
  button.focus();
  await sendKeys({press: 'Enter'});
}

/** Records console errors and warnings, uncaught errors and unhandled rejections while `run` runs. */
async function noErrorsDuring(run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const {error, warn} = console;
  console.error = (...args: unknown[]) => seen.push(`console.error ${args.join(' ')}`);
  console.warn = (...args: unknown[]) => seen.push(`console.warn ${args.join(' ')}`);
  const onError = (e: ErrorEvent) => seen.push(`error ${e.message}`);
  const onRejection = (e: PromiseRejectionEvent) => seen.push(`rejection ${String(e.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  try {
    await run();
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    console.error = error;
    console.warn = warn;
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  }
  return seen;
}

describe('<zaby-chat> copy', () => {
  beforeEach(() => setClipboardPermission(true));
  after(() => setClipboardPermission(true));

  it('should copy a finished reply\'s markdown source, say "Copied" once and fire zaby-copy', async () => {
    const el = await withMarkdownReply();
    const [button] = replyButtons(el);
    expect(button!.getAttribute('aria-label')).to.equal('Copy reply');
    const rect = button!.getBoundingClientRect();
    expect(rect.width).to.be.at.least(44);
    expect(rect.height).to.be.at.least(44);
    const announced: string[] = [];
    const observer = new MutationObserver(() => announced.push(liveRegion(el).textContent!.trim()));
    observer.observe(liveRegion(el), {childList: true, characterData: true, subtree: true});
    const copied = next(el, 'zaby-copy');
    await press(button!);
    const {detail} = await copied;
    const {runId} = (messages(el).at(-1) as unknown as {turn: {runId: string}}).turn;
    expect(detail).to.deep.equal({runId, kind: 'message', text: REPLY});
    expect(await navigator.clipboard.readText()).to.equal(REPLY);
    expect(shown(button!)).to.equal('Copied');
    expect(button!.getAttribute('aria-label')).to.equal('Copy reply'); // the name stays
    await until(() => announced.includes('Copied'), 2000, 'announcement');
    await new Promise((r) => setTimeout(r, 200));
    observer.disconnect();
    expect(announced.filter((t) => t === 'Copied')).to.have.length(1);
    await until(() => shown(button!) === '', 3000, 'back to the icon');
  });

  it('should show no copy button while the reply streams, nor on a user message', async () => {
    const el = await mountChat();
    const sending = el.send('Write something long');
    await until(() => lastReplyText(el).length > 20, 5000, 'streaming reply');
    expect(replyButtons(el)).to.have.length(0);
    await pressStop(el);
    await sending;
    // Stopped is finished too: what arrived can be copied.
    await until(() => replyButtons(el).length === 1, 3000, 'copy button once finished');
    expect(messages(el)[0]!.shadowRoot!.querySelector("[part~='copy-button']")).to.equal(null);
  });

  it("should copy a highlighted code block's code only, with the block's language in its label", async () => {
    const el = await withMarkdownReply();
    const buttons = codeButtons(el);
    expect(buttons.map((b) => b.getAttribute('aria-label'))).to.deep.equal([
      'Copy code (ts)',
      'Copy code (python)',
      'Copy code (bash)',
    ]);
    for (const b of buttons) {
      const r = b.getBoundingClientRect();
      expect(r.width, 'width').to.be.at.least(44);
      expect(r.height, 'height').to.be.at.least(44);
    }
    const copied = next(el, 'zaby-copy');
    await press(buttons[1]!);
    const {detail} = await copied;
    const python = 'def greet(name: str) -> str:\n    return f"Hello, {name}!"';
    expect(detail.kind).to.equal('code');
    expect(detail.text).to.equal(python);
    expect(await navigator.clipboard.readText()).to.equal(python);
    // The code stayed highlighted; the button says so for a moment, not the code.
    expect(codes(el)[1]!.querySelector('.token')).to.not.equal(null);
    expect(codes(el)[1]!.textContent).to.equal(`${python}\n`);
    expect(shown(buttons[1]!)).to.equal('Copied');
    expect(shown(buttons[0]!)).to.equal('');
  });

  it('should copy the code of a greeting, with an empty runId', async () => {
    const el = await mountChat({attrs: {greeting: 'Try:\n\n```sh\nnpm start\n```'}});
    await until(() => codeButtons(el).length === 1, 3000, 'code button');
    const copied = next(el, 'zaby-copy');
    codeButtons(el)[0]!.click();
    expect((await copied).detail).to.deep.equal({runId: '', kind: 'code', text: 'npm start'});
  });

  it('should select the text in a labelled field when the browser refuses, without any error', async () => {
    // Denied, and a script's click (no user activation): Chromium refuses the write.
    await noActivation();
    const el = await withMarkdownReply();
    await setClipboardPermission(false);
    let copies = 0;
    el.addEventListener('zaby-copy', () => copies++);
    const [message] = messages(el).filter((m) =>
      m.shadowRoot!.querySelector("[part~='copy-button']"),
    );
    const errors = await noErrorsDuring(async () => {
      replyButtons(el)[0]!.click();
      await until(
        () => message!.shadowRoot!.querySelector('.copy-source textarea') !== null,
        3000,
        'fallback',
      );
    });
    expect(errors).to.deep.equal([]);
    expect(copies).to.equal(0);
    const field = message!.shadowRoot!.querySelector('textarea')!;
    expect(field.value).to.equal(REPLY);
    expect(field.readOnly).to.equal(true);
    expect(message!.shadowRoot!.activeElement).to.equal(field);
    expect([field.selectionStart, field.selectionEnd]).to.deep.equal([0, REPLY.length]);
    expect(field.closest('label')!.textContent).to.contain('Copying was refused');
    expect(shown(replyButtons(el)[0]!)).to.equal(''); // no "Copied"
    // Leaving the field takes it away.
    el.shadowRoot!.querySelector<HTMLElement>('.log')!.focus();
    await until(() => message!.shadowRoot!.querySelector('textarea') === null, 2000, 'field gone');
  });

  it('should fall back the same way for a code block where there is no Clipboard API (an insecure origin)', async () => {
    const el = await withMarkdownReply();
    const descriptor = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!;
    Object.defineProperty(Navigator.prototype, 'clipboard', {
      configurable: true,
      get: () => undefined,
    });
    try {
      const errors = await noErrorsDuring(async () => {
        await press(codeButtons(el)[2]!);
        await until(() => deepAll(el, 'zaby-message', 'textarea').length === 1, 3000, 'fallback');
      });
      expect(errors).to.deep.equal([]);
      const field = deepAll<HTMLTextAreaElement>(el, 'zaby-message', 'textarea')[0]!;
      const bash = 'curl -s http://localhost:9080/api/v1/health | jq .status';
      expect(field.value).to.equal(bash);
      expect([field.selectionStart, field.selectionEnd]).to.deep.equal([0, bash.length]);
    } finally {
      Object.defineProperty(Navigator.prototype, 'clipboard', descriptor);
    }
  });

  it("should label the buttons in German and Arabic, the code button at the block's inline end in RTL", async () => {
    const de = await withMarkdownReply({locale: 'de'});
    expect(replyButtons(de)[0]!.getAttribute('aria-label')).to.equal('Antwort kopieren');
    expect(codeButtons(de)[0]!.getAttribute('aria-label')).to.equal('Code kopieren (ts)');
    const ar = await withMarkdownReply({locale: 'ar'});
    expect(replyButtons(ar)[0]!.getAttribute('aria-label')).to.equal('نسخ الرد');
    const button = codeButtons(ar)[0]!;
    expect(button.getAttribute('aria-label')).to.equal('نسخ الشيفرة (ts)');
    // The reply's text is English (dir="auto": ltr), so its blocks run left to right: the
    // button is at the right; an Arabic reply puts it at the left.
    const frame = button.parentElement!.getBoundingClientRect();
    const r = button.getBoundingClientRect();
    expect(Math.abs(frame.right - r.right)).to.be.below(4);
    const local = await mountChat({
      attrs: {locale: 'ar', greeting: 'مثال:\n\n```js\nlet x = 1;\n```'},
    });
    await until(() => codeButtons(local).length === 1, 3000, 'code button');
    const rtl = codeButtons(local)[0]!;
    expect(
      Math.abs(rtl.parentElement!.getBoundingClientRect().left - rtl.getBoundingClientRect().left),
    ).to.be.below(4);
    // A locale change relabels the buttons already shown.
    de.locale = 'en';
    await until(
      () => codeButtons(de)[0]!.getAttribute('aria-label') === 'Copy code (ts)',
      2000,
      'relabel',
    );
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`should have no axe violations with the copy buttons: idle, copied, refused (${theme})`, async () => {
      const el = await mountChat({attrs: {theme, greeting: 'Try:\n\n```ts\nconst a = 1;\n```'}});
      await el.send('hello');
      await until(() => replyButtons(el).length === 1, 3000, 'copy button');
      for (let i = 0; i < 3; i++) await new Promise(requestAnimationFrame);
      expect(await axeViolations(el)).to.deep.equal([]);
      codeButtons(el)[0]!.click();
      replyButtons(el)[0]!.click();
      await until(() => shown(replyButtons(el)[0]!) === 'Copied', 2000, 'copied');
      expect(await axeViolations(el)).to.deep.equal([]);
      await setClipboardPermission(false);
      await noActivation();
      replyButtons(el)[0]!.click();
      await until(() => deepAll(el, 'zaby-message', 'textarea').length === 1, 2000, 'refused');
      expect(await axeViolations(el)).to.deep.equal([]);
    });
  }
});
