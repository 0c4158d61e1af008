import {expect, fixture, html} from '@open-wc/testing';
import {emulateMedia, sendKeys} from '@web/test-runner-commands';
import type {ZabyThinking} from '../../src/elements/zaby-thinking.ts';
import '../../src/elements/zaby-thinking.ts';
import {resolveStrings} from '../../src/i18n/index.ts';
import {axe} from './helpers/axe.ts';
import {until} from './helpers/emulator.ts';
import '../../src/addons/locales/index.ts'; // German and Arabic

const summary = (el: ZabyThinking) => el.shadowRoot!.querySelector('summary')!;

describe('<zaby-thinking>', () => {
  describe('accessibility', () => {
    it('should be axe-clean active and with reasoning', async () => {
      const el = await fixture<ZabyThinking>(html`<zaby-thinking active></zaby-thinking>`);
      expect(await axe(el)).to.deep.equal([]);
      el.text = 'Looking things up.';
      el.active = false;
      await el.updateComplete;
      expect(await axe(el)).to.deep.equal([]);
    });
  });

  describe('properties', () => {
    it('should show an indicator while active, and keep reasoning collapsed by default', async () => {
      const el = await fixture<ZabyThinking>(
        html`<zaby-thinking active .strings=${resolveStrings('de')}></zaby-thinking>`,
      );
      expect(el.shadowRoot!.textContent).to.contain('Denkt nach');
      el.text = 'Step one <script>x</script>';
      el.active = false;
      await el.updateComplete;
      const details = el.shadowRoot!.querySelector('details')!;
      expect(details.open).to.equal(false);
      expect(el.shadowRoot!.querySelector('script')).to.equal(null);
      details.querySelector('summary')!.click();
      expect(details.open).to.equal(true);
      expect(details.textContent).to.contain('Step one <script>x</script>');
    });
  });

  describe('disclosure', () => {
    it('should say "Show reasoning" / "Hide reasoning" with the state, by mouse and keyboard', async () => {
      const el = await fixture<ZabyThinking>(
        html`<zaby-thinking .text=${'Looking things up.'}></zaby-thinking>`,
      );
      expect(summary(el).textContent!.trim()).to.equal('Show reasoning');
      summary(el).click();
      await until(() => summary(el).textContent!.trim() === 'Hide reasoning');
      expect(await axe(el)).to.deep.equal([]);
      summary(el).focus();
      await sendKeys({press: 'Enter'});
      await until(() => summary(el).textContent!.trim() === 'Show reasoning');
      el.strings = resolveStrings('ar');
      summary(el).click();
      await until(() => summary(el).textContent!.trim() === 'إخفاء التفكير');
    });

    it('should have an aria-hidden chevron, mirrored in RTL, still under reduced motion', async () => {
      const wrap = await fixture<HTMLDivElement>(html`<div>
        <zaby-thinking .text=${'a'}></zaby-thinking>
        <div dir="rtl"><zaby-thinking .text=${'b'}></zaby-thinking></div></div>`);
      const [ltr, rtl] = [...wrap.querySelectorAll('zaby-thinking')];
      const chev = (el: Element) => el.shadowRoot!.querySelector<HTMLElement>('summary .chevron')!;
      expect(chev(ltr!).getAttribute('aria-hidden')).to.equal('true');
      expect(getComputedStyle(chev(ltr!)).scale).to.equal('none');
      expect(getComputedStyle(chev(rtl!)).scale).to.equal('-1 1');
      await emulateMedia({reducedMotion: 'reduce'});
      try {
        expect(getComputedStyle(chev(ltr!)).transitionDuration).to.equal('0s');
      } finally {
        await emulateMedia({reducedMotion: 'no-preference'});
      }
    });

    it('should be axe-clean closed and open in the dark', async () => {
      const el = await fixture<ZabyThinking>(html`<zaby-thinking .text=${'Reasoning.'}
        style="display:block;background:#1f2937;--zaby-color-text:#f9fafb;--zaby-color-muted:#d1d5db;--zaby-color-accent:#a5b4fc"></zaby-thinking>`);
      expect(await axe(el)).to.deep.equal([]);
      summary(el).click();
      await el.updateComplete;
      expect(await axe(el)).to.deep.equal([]);
    });
  });
});
