/**
 * The locales add-on: the main bundle speaks English only; loading the add-on (here after the
 * element rendered, as a late script tag would) switches a chat that asked for German to
 * German without a remount, and Arabic lays out right to left.
 */
import {expect} from '@open-wc/testing';
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
});
