import {expect, fixture, html} from '@open-wc/testing';
import type {ZabyToolCall} from '../../src/elements/zaby-tool-call.ts';
import '../../src/elements/zaby-tool-call.ts';
import {axe} from './helpers/axe.ts';

describe('<zaby-tool-call>', () => {
  describe('accessibility', () => {
    it('should be axe-clean collapsed and expanded', async () => {
      const el = await fixture<ZabyToolCall>(
        html`<zaby-tool-call .toolName=${'get_weather'} .arguments=${{city: 'Oslo'}}></zaby-tool-call>`,
      );
      expect(await axe(el)).to.deep.equal([]);
      el.shadowRoot!.querySelector('details')!.open = true;
      el.output = {tempC: 3};
      el.hasResult = true;
      await el.updateComplete;
      expect(await axe(el)).to.deep.equal([]);
    });
  });

  describe('properties', () => {
    it('should be collapsed by default and show running, done and error states', async () => {
      const el = await fixture<ZabyToolCall>(
        html`<zaby-tool-call .toolName=${'get_weather'} .arguments=${{city: 'Oslo'}}></zaby-tool-call>`,
      );
      expect(el.shadowRoot!.querySelector('details')!.open).to.equal(false);
      expect(el.shadowRoot!.querySelector('summary')!.textContent)
        .to.contain('get_weather')
        .and.contain('Running');
      expect(el.shadowRoot!.querySelector('[part="tool-result"]')).to.equal(null);
      el.hasResult = true;
      el.output = 'plain text result';
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="tool-result"] pre')!.textContent).to.equal(
        'plain text result',
      );
      el.isError = true;
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('summary')!.textContent).to.contain('Tool error');
    });

    it('should render hostile values as text and survive cyclic output', async () => {
      const cyclic: Record<string, unknown> = {a: 1};
      cyclic['self'] = cyclic;
      const el =
        await fixture<ZabyToolCall>(html`<zaby-tool-call .toolName=${'<svg onload=alert(1)>'}
        .arguments=${{html: '<img src=x onerror=alert(1)>'}} .output=${cyclic} .hasResult=${true}></zaby-tool-call>`);
      expect(el.shadowRoot!.querySelector('svg, img')).to.equal(null);
      expect(el.shadowRoot!.querySelector('[part="tool-result"] pre')!.textContent).to.contain(
        '[circular]',
      );
    });
  });
});
