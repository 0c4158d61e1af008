import {expect, fixture, html} from '@open-wc/testing';
import type {ZabyThinking} from '../../src/elements/zaby-thinking.ts';
import '../../src/elements/zaby-thinking.ts';
import {resolveStrings} from '../../src/i18n/index.ts';
import {axe} from './helpers/axe.ts';

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
});
