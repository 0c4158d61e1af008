/**
 * The locales add-on: the main bundle speaks English only; loading the add-on (here after the
 * element rendered, as a late script tag would) switches a chat that asked for German to
 * German without a remount, and Arabic lays out right to left.
 */
import {expect, fixture, html} from '@open-wc/testing';
import '../../src/elements/zaby-approval-card.ts';
import {createChat, deep} from './helpers/chat.ts';

describe('locales add-on', () => {
  it('should fall back to English without the add-on, and switch once it loads', async () => {
    const el = await createChat({locale: 'de'});
    const send = () => deep(el, 'zaby-composer', '[part~="send-button"]')!;
    expect(send().getAttribute('aria-label')).to.equal('Send');
    const panel = el.shadowRoot!.querySelector('[part="panel"]')!;
    await import('../../src/addons/locales/index.ts');
    await el.updateComplete;
    await (deep(el, 'zaby-composer') as HTMLElement & {updateComplete: Promise<unknown>})
      .updateComplete;
    expect(send().getAttribute('aria-label')).to.equal('Senden');
    el.locale = 'ar';
    await el.updateComplete;
    expect(panel.getAttribute('dir')).to.equal('rtl');
    expect(deep(el, 'zaby-composer', 'textarea')!.getAttribute('placeholder')).to.not.equal(
      'Type a message…',
    );
  });

  it("should write an approval's expiry time in the language around it, through shadow roots", async () => {
    const at = new Date(Date.now() + 3_600_000);
    const host = await fixture<HTMLElement>(html`<div lang="ar"><div></div></div>`);
    const root = host.firstElementChild!.attachShadow({mode: 'open'});
    const card = document.createElement('zaby-approval-card');
    Object.assign(card, {toolName: 'issue_refund', expiresAt: at.toISOString()});
    root.append(card);
    await card.updateComplete;
    const expiry = card.shadowRoot!.querySelector('.expiry')!.textContent!;
    const arabic = new Intl.DateTimeFormat('ar', {timeStyle: 'short'}).format(at);
    expect(expiry).to.contain(arabic);
    expect(arabic).to.not.equal(new Intl.DateTimeFormat('en', {timeStyle: 'short'}).format(at));
  });
});
