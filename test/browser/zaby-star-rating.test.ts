import {expect, fixture, html, oneEvent} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import type {ZabyStarRating} from '../../src/elements/zaby-star-rating.ts';
import '../../src/elements/zaby-star-rating.ts';
import {resolveStrings} from '../../src/i18n/index.ts';
import {axe} from './helpers/axe.ts';
import '../../src/addons/locales/index.ts'; // German and Arabic

const rate = (el: ZabyStarRating) => el.shadowRoot!.querySelector<HTMLButtonElement>('button.rate');
const dark =
  'display:block;background:#1f2937;--zaby-color-surface:#1f2937;--zaby-color-text:#f9fafb;' +
  '--zaby-color-muted:#d1d5db;--zaby-color-border:#4b5563;--zaby-color-accent:#a5b4fc;' +
  '--zaby-color-on-accent:#111827;--zaby-color-success:#6ee7b7';

const radios = (el: ZabyStarRating) => [
  ...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]'),
];
const submit = (el: ZabyStarRating) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part="feedback-submit"]')!;

describe('<zaby-star-rating>', () => {
  describe('accessibility', () => {
    it('should be a labelled radio group of five, axe-clean in every state', async () => {
      const el = await fixture<ZabyStarRating>(html`<zaby-star-rating></zaby-star-rating>`);
      expect(el.shadowRoot!.querySelector('legend')!.textContent).to.equal('Rate this reply');
      expect(radios(el).map((r) => r.labels?.[0]?.textContent?.trim())).to.deep.equal([
        '★1 star',
        '★2 stars',
        '★3 stars',
        '★4 stars',
        '★5 stars',
      ]);
      expect(await axe(el)).to.deep.equal([]);
      radios(el)[2]!.click();
      await el.updateComplete;
      expect(await axe(el)).to.deep.equal([]);
      el.submitted = true;
      await el.updateComplete;
      expect(await axe(el)).to.deep.equal([]);
    });

    it('should give each star a 44 px touch target', async () => {
      const el = await fixture<ZabyStarRating>(html`<zaby-star-rating></zaby-star-rating>`);
      for (const star of el.shadowRoot!.querySelectorAll('[part="star"]')) {
        const r = star.getBoundingClientRect();
        expect(r.width).to.be.at.least(44);
        expect(r.height).to.be.at.least(44);
      }
    });
  });

  describe('keyboard', () => {
    it('should move between stars with the arrow keys', async () => {
      const el = await fixture<ZabyStarRating>(html`<zaby-star-rating></zaby-star-rating>`);
      radios(el)[0]!.focus();
      await sendKeys({press: 'Space'});
      await sendKeys({press: 'ArrowRight'});
      await sendKeys({press: 'ArrowRight'});
      await el.updateComplete;
      expect(radios(el)[2]!.checked).to.equal(true);
      expect(submit(el).disabled).to.equal(false);
    });
  });

  describe('events', () => {
    it('should submit rating and comment on user action only', async () => {
      const el = await fixture<ZabyStarRating>(
        html`<zaby-star-rating .runId=${'run-7'}></zaby-star-rating>`,
      );
      let fired = 0;
      el.addEventListener('zaby-internal-feedback-submit', () => fired++);
      el.value = 3;
      await el.updateComplete;
      expect(fired).to.equal(0);
      radios(el)[4]!.click();
      await el.updateComplete;
      const comment = el.shadowRoot!.querySelector<HTMLTextAreaElement>(
        '[part="feedback-comment"]',
      )!;
      comment.value = 'Great';
      comment.dispatchEvent(new Event('input'));
      setTimeout(() => submit(el).click());
      const event = await oneEvent(el, 'zaby-internal-feedback-submit');
      expect(event.detail).to.deep.equal({runId: 'run-7', rating: 5, comment: 'Great'});
    });
  });

  describe('properties', () => {
    it('should show submit once a star is picked, disable it while pending, and thank when submitted', async () => {
      const el = await fixture<ZabyStarRating>(
        html`<zaby-star-rating .strings=${resolveStrings('de')}></zaby-star-rating>`,
      );
      // Compact: no submit (nor comment) until a star is chosen; then it is enabled.
      expect(el.shadowRoot!.querySelector('[part="feedback-submit"]')).to.equal(null);
      radios(el)[0]!.click();
      await el.updateComplete;
      expect(submit(el).disabled).to.equal(false);
      expect(submit(el).textContent!.trim()).to.equal('Bewertung senden');
      el.pending = true;
      await el.updateComplete;
      expect(submit(el).disabled).to.equal(true);
      el.submitted = true;
      await el.updateComplete;
      expect(el.shadowRoot!.textContent).to.contain('Danke');
    });
  });

  describe('compact', () => {
    it('should show only the stars until one is chosen, then the comment and submit', async () => {
      const el = await fixture<ZabyStarRating>(html`<zaby-star-rating></zaby-star-rating>`);
      const root = el.shadowRoot!;
      expect(radios(el)).to.have.length(5);
      expect(root.querySelector('[part="feedback-comment"]')).to.equal(null);
      expect(root.querySelector('[part="feedback-submit"]')).to.equal(null);
      // Still a labelled radio group, the label for screen readers only.
      expect(root.querySelector('fieldset legend')!.textContent).to.equal('Rate this reply');
      radios(el)[1]!.click();
      await el.updateComplete;
      expect(root.querySelector('[part="feedback-comment"]')).to.not.equal(null);
      expect(submit(el).disabled).to.equal(false);
    });

    it('should show a small named Rate button when collapsed that opens the stars, keyboard too', async () => {
      const el = await fixture<ZabyStarRating>(
        html`<zaby-star-rating collapsed></zaby-star-rating>`,
      );
      const button = rate(el)!;
      expect(radios(el)).to.have.length(0);
      expect(el.shadowRoot!.querySelector('[part="star"], [part="feedback-submit"]')).to.equal(
        null,
      );
      expect(button.getAttribute('aria-label')).to.equal('Rate this reply');
      expect(button.textContent!.trim()).to.equal('★Rate');
      const r = button.getBoundingClientRect();
      expect(r.width).to.be.at.least(44);
      expect(r.height).to.be.at.least(44);
      button.focus();
      await sendKeys({press: 'Enter'});
      await el.updateComplete;
      await el.updateComplete;
      expect(rate(el)).to.equal(null);
      expect(radios(el)).to.have.length(5);
      expect(el.shadowRoot!.activeElement).to.equal(radios(el)[0]);
      await sendKeys({press: 'ArrowRight'});
      await el.updateComplete;
      expect(radios(el)[1]!.checked).to.equal(true);
      expect(submit(el).disabled).to.equal(false);
    });

    it('should be axe-clean collapsed, open, chosen and thanked, light and dark', async () => {
      for (const style of ['', dark]) {
        const el = await fixture<ZabyStarRating>(
          html`<zaby-star-rating collapsed style=${style}></zaby-star-rating>`,
        );
        expect(await axe(el), `collapsed ${style}`).to.deep.equal([]);
        rate(el)!.click();
        await el.updateComplete;
        expect(await axe(el), `open ${style}`).to.deep.equal([]);
        radios(el)[3]!.click();
        await el.updateComplete;
        expect(await axe(el), `chosen ${style}`).to.deep.equal([]);
        el.submitted = true;
        await el.updateComplete;
        expect(await axe(el), `thanked ${style}`).to.deep.equal([]);
      }
    });
  });
});
