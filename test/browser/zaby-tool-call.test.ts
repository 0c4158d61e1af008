import {expect, fixture, html} from '@open-wc/testing';
import {emulateMedia, sendKeys} from '@web/test-runner-commands';
import type {ZabyToolCall} from '../../src/elements/zaby-tool-call.ts';
import '../../src/elements/zaby-tool-call.ts';
import {resolveStrings} from '../../src/i18n/index.ts';
import {axe} from './helpers/axe.ts';
import {until} from './helpers/emulator.ts';
import '../../src/addons/locales/index.ts'; // German and Arabic

const summaryText = (el: ZabyToolCall) =>
  el.shadowRoot!.querySelector('summary')!.textContent!.replace(/\s+/g, ' ').trim();
const dark =
  'display:block;background:#111827;--zaby-color-surface:#1f2937;--zaby-color-text:#f9fafb;' +
  '--zaby-color-muted:#d1d5db;--zaby-color-border:#4b5563;--zaby-color-danger:#fca5a5;' +
  '--zaby-color-success:#6ee7b7;--zaby-color-accent:#a5b4fc;--zaby-code-background:#0b1220';

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

  describe('status', () => {
    const cases = [
      ['running', 'Running…'],
      ['awaiting-approval', 'Waiting for approval'],
      ['complete', 'Done'],
      ['error', 'Tool error'],
      ['denied', 'Not run'],
    ] as const;
    for (const [status, text] of cases) {
      it(`should say "${text}" for status ${status}, visibly and in the summary's name`, async () => {
        const el = await fixture<ZabyToolCall>(html`<zaby-tool-call .toolName=${'issue_refund'}
          .arguments=${{amount: 5}} .status=${status}></zaby-tool-call>`);
        const state = el.shadowRoot!.querySelector<HTMLElement>('.state')!;
        expect(state.textContent).to.equal(text);
        expect(state.getBoundingClientRect().width).to.be.greaterThan(0);
        // The summary is the disclosure's name: "Tool call: issue_refund, <state>, Show details".
        expect(summaryText(el)).to.equal(`Tool call: issue_refund, ${text}, Show details`);
      });
    }

    it('should leave a denied call "Not run" even with hasResult unset, and show no result', async () => {
      const el = await fixture<ZabyToolCall>(html`<zaby-tool-call .toolName=${'issue_refund'}
        .status=${'awaiting-approval'}></zaby-tool-call>`);
      expect(summaryText(el)).to.contain('Waiting for approval').and.not.contain('Running');
      el.status = 'denied';
      await el.updateComplete;
      expect(summaryText(el)).to.contain('Not run').and.not.contain('Running');
      expect(el.shadowRoot!.querySelector('[part="tool-result"]')).to.equal(null);
    });

    it('should use German and Arabic labels', async () => {
      const el =
        await fixture<ZabyToolCall>(html`<zaby-tool-call .toolName=${'t'} .status=${'denied'}
        .strings=${resolveStrings('de')}></zaby-tool-call>`);
      expect(summaryText(el)).to.contain('Nicht ausgeführt').and.contain('Details anzeigen');
      el.strings = resolveStrings('ar');
      el.status = 'awaiting-approval';
      await el.updateComplete;
      expect(summaryText(el)).to.contain('بانتظار الموافقة');
    });

    it('should be axe-clean in every status, light and dark', async () => {
      for (const style of ['', dark]) {
        const el = await fixture<ZabyToolCall>(html`<zaby-tool-call style=${style}
          .toolName=${'get_weather'} .arguments=${{city: 'Oslo'}} .output=${{tempC: 3}}
          .hasResult=${true}></zaby-tool-call>`);
        for (const [status] of cases) {
          el.status = status;
          await el.updateComplete;
          expect(await axe(el), `${status} ${style}`).to.deep.equal([]);
        }
      }
    });
  });

  describe('disclosure', () => {
    it('should say what opening shows, and change with the state', async () => {
      const el = await fixture<ZabyToolCall>(
        html`<zaby-tool-call .toolName=${'get_weather'} .status=${'complete'}></zaby-tool-call>`,
      );
      const summary = el.shadowRoot!.querySelector('summary')!;
      expect(summaryText(el)).to.contain('Show details');
      summary.focus();
      await sendKeys({press: 'Enter'});
      await until(() => summaryText(el).includes('Hide details'));
      expect(el.shadowRoot!.querySelector('details')!.open).to.equal(true);
      summary.click();
      await until(() => summaryText(el).includes('Show details'));
    });

    it('should show an aria-hidden chevron that turns when open, mirrors in RTL and does not animate under reduced motion', async () => {
      const wrap = await fixture<HTMLDivElement>(html`<div>
        <zaby-tool-call .toolName=${'a'}></zaby-tool-call>
        <div dir="rtl"><zaby-tool-call .toolName=${'b'}></zaby-tool-call></div></div>`);
      const [ltr, rtl] = [...wrap.querySelectorAll('zaby-tool-call')];
      const chev = (el: Element) => el.shadowRoot!.querySelector<HTMLElement>('.chevron')!;
      expect(chev(ltr!).getAttribute('aria-hidden')).to.equal('true');
      expect(getComputedStyle(chev(ltr!)).scale).to.equal('none');
      expect(getComputedStyle(chev(rtl!)).scale).to.equal('-1 1');
      expect(getComputedStyle(chev(ltr!)).rotate).to.equal('none');
      expect(getComputedStyle(chev(ltr!)).transitionDuration).to.not.equal('0s');
      await emulateMedia({reducedMotion: 'reduce'});
      try {
        expect(getComputedStyle(chev(ltr!)).transitionDuration).to.equal('0s');
        for (const el of [ltr!, rtl!]) el.shadowRoot!.querySelector('details')!.open = true;
        // Open: pointing down (a mirrored chevron turns the other way to get there).
        expect(getComputedStyle(chev(ltr!)).rotate).to.equal('90deg');
        expect(getComputedStyle(chev(rtl!)).rotate).to.equal('-90deg');
      } finally {
        await emulateMedia({reducedMotion: 'no-preference'});
      }
    });
  });
});
