/**
 * Timestamps against the emulator: a `<time part="timestamp" datetime>` on each user and
 * assistant message (the greeting has none), in the chat's locale (en, de, ar), and a
 * restored message keeps its original time: its run's first stored event's `createdAt`.
 */
import {expect, fixture, html} from '@open-wc/testing';
import 'axe-core/axe.min.js';
import type {ZabyChat} from '../../src/index.ts';
import type {ZabyMessage} from '../../src/elements/zaby-message.ts';
import '../../src/elements/zaby-message.ts';
import '../../src/addons/locales/index.ts';
import type {Turn} from '../../src/state/run-state.ts';
import {axeViolations, emulator, messages, mountChat, until} from './helpers/chat.ts';

const times = (el: ZabyChat) =>
  messages(el).map((m) => m.shadowRoot!.querySelector<HTMLTimeElement>("[part~='timestamp']"));

const short = (locale: string, date: Date) =>
  new Intl.DateTimeFormat(locale, {timeStyle: 'short'}).format(date);

describe('<zaby-chat> timestamps', () => {
  for (const locale of ['en', 'de', 'ar']) {
    it(`should put the time of day on each message, localized (${locale})`, async () => {
      const before = Date.now();
      const el = await mountChat({attrs: {locale, greeting: 'Hi!'}});
      await el.send('hello');
      await el.updateComplete;
      const [greeting, user, reply] = times(el);
      expect(greeting, 'the greeting has none').to.equal(null);
      for (const time of [user!, reply!]) {
        const date = new Date(time.dateTime);
        expect(time.localName).to.equal('time');
        expect(time.dateTime).to.equal(date.toISOString());
        expect(date.getTime()).to.be.within(before - 1000, Date.now() + 1000);
        expect(time.textContent).to.equal(short(locale, date));
      }
    });
  }

  it('should show the date too for a message from another day', async () => {
    const yesterday = new Date(Date.now() - 36 * 3600 * 1000);
    const turn: Turn = {
      kind: 'user',
      id: 'user:old',
      text: 'from yesterday',
      requestId: 'old',
      runId: 'run_old',
      createdAt: yesterday.toISOString(),
    };
    const el = await fixture<ZabyMessage>(
      html`<zaby-message .turn=${turn} .locale=${'de'}></zaby-message>`,
    );
    const time = el.shadowRoot!.querySelector('time')!;
    expect(time.textContent).to.equal(
      new Intl.DateTimeFormat('de', {dateStyle: 'medium', timeStyle: 'short'}).format(yesterday),
    );
    // A tag Intl does not know (en_US) still formats, in the browser's own locale.
    el.locale = 'en_US';
    el.turn = {...turn, createdAt: new Date().toISOString()};
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('time')!.textContent).to.match(/\d/);
  });

  it('should keep the original time of restored messages: the events endpoint’s createdAt', async () => {
    const user = `times-${crypto.randomUUID()}`;
    const attrs = {persist: 'session', id: 'times-a'};
    const first = await mountChat({user, attrs});
    const {runId} = await first.send('remember when');
    await first.updateComplete;
    const [liveUser, liveReply] = times(first).map((t) => t!.dateTime);
    first.remove();
    await new Promise((r) => setTimeout(r, 1100)); // a reload later
    const second = await mountChat({user, attrs});
    await until(() => messages(second).length === 2, 8000, 'restore');
    await second.updateComplete;
    const {origin} = await emulator.info();
    const {token} = await emulator.mint({externalUserId: user});
    const response = await fetch(`${origin}/api/v1/runtime/runs/${runId}/events?after=0&limit=1`, {
      headers: {Authorization: `Bearer ${token}`},
    });
    const {items} = (await response.json()) as {items: Array<{createdAt: string}>};
    const stored = new Date(items[0]!.createdAt).toISOString();
    const [restoredUser, restoredReply] = times(second).map((t) => t!.dateTime);
    expect(restoredUser).to.equal(stored);
    expect(restoredReply).to.equal(stored);
    // The same moment as shown live (the client's clock then, the server's now), not the reload's.
    for (const [live, restored] of [
      [liveUser, restoredUser],
      [liveReply, restoredReply],
    ])
      expect(Math.abs(Date.parse(live!) - Date.parse(restored!))).to.be.below(1000);
    second.clear();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`should have no axe violations with timestamps (${theme})`, async () => {
      const el = await mountChat({attrs: {theme, locale: 'ar'}});
      await el.send('hello');
      await el.updateComplete;
      expect(times(el).every((t) => t !== null)).to.equal(true);
      expect(await axeViolations(el)).to.deep.equal([]);
    });
  }
});
