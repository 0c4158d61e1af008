import {expect, fixture, html, oneEvent} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import type {ZabyStarRating} from '../../src/elements/zaby-star-rating.ts';
import '../../src/elements/zaby-star-rating.ts';
import {resolveStrings} from '../../src/i18n/index.ts';
import {axe} from './helpers/axe.ts';

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
    it('should disable submit until a star is picked, while pending, and thank when submitted', async () => {
      const el = await fixture<ZabyStarRating>(
        html`<zaby-star-rating .strings=${resolveStrings('de')}></zaby-star-rating>`,
      );
      expect(submit(el).disabled).to.equal(true);
      expect(submit(el).textContent!.trim()).to.equal('Bewertung senden');
      radios(el)[0]!.click();
      el.pending = true;
      await el.updateComplete;
      expect(submit(el).disabled).to.equal(true);
      el.submitted = true;
      await el.updateComplete;
      expect(el.shadowRoot!.textContent).to.contain('Danke');
    });
  });
});
