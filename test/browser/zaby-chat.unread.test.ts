/**
 * Unread replies against the emulator: in launcher mode a reply that finishes while the
 * panel is closed counts on the launcher's `unread-badge` (`unreadCount`,
 * `zaby-unread-change`, announced politely), opening clears it, `persist` keeps it across a
 * reload; and the `jump-button` says how many replies finished below while the person reads
 * further up. Labels in three languages, RTL, axe in both themes.
 */
import {expect} from '@open-wc/testing';
import 'axe-core/axe.min.js';
import type {ZabyChat} from '../../src/index.ts';
import '../../src/addons/locales/index.ts';
import {storageKey} from '../../src/browser/run-store.ts';
import {axeViolations, emulator, lastReplyText, mountChat, until} from './helpers/chat.ts';

const badge = (el: ZabyChat) =>
  el.shadowRoot!.querySelector<HTMLElement>("[part~='launcher'] [part~='unread-badge']");
const launcher = (el: ZabyChat) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>("[part~='launcher']")!;
const announced = (el: ZabyChat) =>
  el.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')!.textContent!.trim();
const jump = (el: ZabyChat) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>("[part~='jump-button']");

describe('<zaby-chat> unread replies', () => {
  it('should count replies finished while closed on the badge, announce them and clear on open', async () => {
    const el = await mountChat({attrs: {mode: 'launcher'}});
    const counts: number[] = [];
    el.addEventListener('zaby-unread-change', (e) => counts.push(e.detail.count));
    expect(el.unreadCount).to.equal(0);
    expect(badge(el)).to.equal(null);
    await el.send('one');
    await el.updateComplete;
    expect(el.unreadCount).to.equal(1);
    expect(getComputedStyle(badge(el)!, '::before').content).to.equal('"1"');
    expect(badge(el)!.getAttribute('role')).to.equal('img');
    expect(badge(el)!.getAttribute('aria-label')).to.equal('1 unread reply');
    // The launcher's name stays "Open chat"; the badge describes it.
    expect(launcher(el).getAttribute('aria-label')).to.equal('Open chat');
    expect(launcher(el).getAttribute('aria-describedby')).to.equal(badge(el)!.id);
    await until(() => announced(el) === '1 unread reply', 2000, 'announcement');
    await el.send('two');
    await el.updateComplete;
    expect(badge(el)!.getAttribute('aria-label')).to.equal('2 unread replies');
    await until(() => announced(el) === '2 unread replies', 2000, 'announcement');
    expect(counts).to.deep.equal([1, 2]);
    expect(() => {
      (el as unknown as {unreadCount: number}).unreadCount = 7;
    }).to.throw(TypeError);
    launcher(el).click();
    await el.updateComplete;
    expect(el.unreadCount).to.equal(0);
    expect(badge(el)).to.equal(null);
    expect(launcher(el).hasAttribute('aria-describedby')).to.equal(false);
    expect(counts).to.deep.equal([1, 2, 0]);
    // Open: a reply is seen, not counted (and announced as a reply).
    await el.send('three');
    await until(() => announced(el).includes('replied: You said'), 2000, 'reply announced');
    expect(el.unreadCount).to.equal(0);
    expect(counts).to.deep.equal([1, 2, 0]);
  });

  it('should keep the count across a reload with persist, and clear the stored count on open', async () => {
    const user = `unread-${crypto.randomUUID()}`;
    const attrs = {mode: 'launcher', persist: 'local', id: 'unread-a'};
    const first = await mountChat({user, attrs});
    await first.send('before the reload');
    await first.updateComplete;
    expect(first.unreadCount).to.equal(1);
    const {origin} = await emulator.info();
    expect(localStorage.getItem(`${storageKey(origin, 'unread-a')}:unread`)).to.equal('1');
    first.remove();
    const second = await mountChat({user, attrs});
    expect(second.unreadCount).to.equal(1);
    expect(badge(second)!.getAttribute('aria-label')).to.equal('1 unread reply');
    second.show();
    await second.updateComplete;
    expect(second.unreadCount).to.equal(0);
    expect(localStorage.getItem(`${storageKey(origin, 'unread-a')}:unread`)).to.equal(null);
    second.remove();
    const third = await mountChat({user, attrs});
    expect(third.unreadCount).to.equal(0);
    third.clear();
  });

  it('should not count an inline chat, nor keep a count with persist="none"', async () => {
    const inline = await mountChat();
    await inline.send('hello');
    expect(inline.unreadCount).to.equal(0);
    const el = await mountChat({attrs: {mode: 'launcher', id: 'unread-b'}});
    await el.send('hello');
    expect(el.unreadCount).to.equal(1);
    el.remove();
    const again = await mountChat({attrs: {mode: 'launcher', id: 'unread-b'}});
    expect(again.unreadCount).to.equal(0);
  });

  it('should say it in German and Arabic, the badge at the launcher’s inline end', async () => {
    for (const [locale, one, two] of [
      ['de', '1 ungelesene Antwort', '2 ungelesene Antworten'],
      ['ar', 'رد واحد غير مقروء', 'ردان غير مقروءين'],
    ] as const) {
      const el = await mountChat({attrs: {mode: 'launcher', locale}});
      await el.send('one');
      await el.updateComplete;
      expect(badge(el)!.getAttribute('aria-label')).to.equal(one);
      await el.send('two');
      await el.updateComplete;
      expect(badge(el)!.getAttribute('aria-label')).to.equal(two);
      const b = badge(el)!.getBoundingClientRect();
      const l = launcher(el).getBoundingClientRect();
      const centre = (r: DOMRect) => r.left + r.width / 2;
      if (locale === 'ar') expect(centre(b)).to.be.below(centre(l));
      else expect(centre(b)).to.be.above(centre(l));
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`should have no axe violations with the badge showing (${theme})`, async () => {
      const el = await mountChat({attrs: {mode: 'launcher', theme}});
      await el.send('hello');
      await el.updateComplete;
      expect(badge(el)).to.not.equal(null);
      expect(await axeViolations(el)).to.deep.equal([]);
    });
  }
});

/** Scrolls to the top as a person would, once the log has followed the stream a moment. */
async function scrollUp(log: HTMLElement): Promise<void> {
  await new Promise((r) => setTimeout(r, 100));
  log.scrollTop = 0;
  log.dispatchEvent(new Event('scroll'));
}

/** A greeting taller than the log, so it scrolls. */
const TALL = Array.from({length: 30}, (_, i) => `Paragraph ${i + 1} of a long greeting.`).join(
  '\n\n',
);

describe('<zaby-chat> jump button', () => {
  it('should say how many replies finished below while the person reads further up', async () => {
    const el = await mountChat({attrs: {greeting: TALL}});
    const log = el.shadowRoot!.querySelector<HTMLElement>('.log')!;
    expect(log.scrollHeight).to.be.above(log.clientHeight + 100);
    const sending = el.send('Write something long');
    await until(() => lastReplyText(el).length > 20, 5000, 'streaming');
    await scrollUp(log);
    await until(() => jump(el) !== null, 3000, 'jump button');
    expect(jump(el)!.textContent!.trim()).to.equal('Jump to latest');
    await sending;
    await el.updateComplete;
    expect(jump(el)!.textContent!.trim()).to.equal('1 new reply');
    const r = jump(el)!.getBoundingClientRect();
    expect(r.height).to.be.at.least(44);
    // The long reply's tables are their own question: axe looks at the button here.
    expect(await axeViolations(jump(el)!)).to.deep.equal([]);
    jump(el)!.click();
    await el.updateComplete;
    expect(jump(el)).to.equal(null);
    await until(
      () => log.scrollHeight - log.scrollTop - log.clientHeight < 40,
      2000,
      'at the bottom',
    );
    // At the bottom, a finished reply is followed, not counted.
    await el.send('hello');
    await el.updateComplete;
    expect(jump(el)).to.equal(null);
  });

  it('should count in German (dark theme)', async () => {
    const el = await mountChat({attrs: {locale: 'de', theme: 'dark', greeting: TALL}});
    const log = el.shadowRoot!.querySelector<HTMLElement>('.log')!;
    const sending = el.send('Write something long');
    await until(() => lastReplyText(el).length > 20, 5000, 'streaming');
    await scrollUp(log);
    await sending;
    await el.updateComplete;
    expect(jump(el)!.textContent!.trim()).to.equal('1 neue Antwort');
    expect(await axeViolations(jump(el)!)).to.deep.equal([]);
  });
});
