import {expect, fixture, html, oneEvent} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import type {ZabyComposer} from '../../src/elements/zaby-composer.ts';
import '../../src/elements/zaby-composer.ts';
import {resolveStrings} from '../../src/i18n/index.ts';
import {axe} from './helpers/axe.ts';
import '../../src/addons/locales/index.ts'; // German and Arabic

const area = (el: ZabyComposer) => el.shadowRoot!.querySelector('textarea')!;
const button = (el: ZabyComposer, part: string) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>(`[part="${part}"]`);

describe('<zaby-composer>', () => {
  describe('accessibility', () => {
    it('should be axe-clean idle, busy and over the limit', async () => {
      const el = await fixture<ZabyComposer>(html`<zaby-composer></zaby-composer>`);
      expect(await axe(el)).to.deep.equal([]);
      el.busy = true;
      await el.updateComplete;
      expect(await axe(el)).to.deep.equal([]);
      el.busy = false;
      el.maxLength = 5;
      el.value = 'too long text';
      await el.updateComplete;
      expect(await axe(el)).to.deep.equal([]);
    });

    it('should label the input and size it for touch and no iOS zoom', async () => {
      const el = await fixture<ZabyComposer>(html`<zaby-composer></zaby-composer>`);
      expect(area(el).labels?.[0]?.textContent).to.equal('Message');
      expect(area(el).getAttribute('enterkeyhint')).to.equal('send');
      expect(getComputedStyle(area(el)).fontSize).to.equal('16px');
      const rect = button(el, 'send-button')!.getBoundingClientRect();
      expect(rect.width).to.be.at.least(44);
      expect(rect.height).to.be.at.least(44);
    });
  });

  describe('keyboard', () => {
    it('should send on Enter and keep the text until cleared', async () => {
      const el = await fixture<ZabyComposer>(html`<zaby-composer></zaby-composer>`);
      area(el).focus();
      await sendKeys({type: 'hello'});
      setTimeout(() => void sendKeys({press: 'Enter'}));
      const event = await oneEvent(el, 'zaby-internal-send');
      expect(event.detail.text).to.equal('hello');
      expect(el.value).to.equal('hello');
      el.clear();
      expect(area(el).value).to.equal('');
    });

    it('should insert a newline on Shift+Enter', async () => {
      const el = await fixture<ZabyComposer>(html`<zaby-composer></zaby-composer>`);
      let sent = 0;
      el.addEventListener('zaby-internal-send', () => sent++);
      area(el).focus();
      await sendKeys({type: 'a'});
      await sendKeys({press: 'Shift+Enter'});
      await sendKeys({type: 'b'});
      expect(area(el).value).to.equal('a\nb');
      expect(sent).to.equal(0);
    });

    it('should not send during IME composition', async () => {
      const el = await fixture<ZabyComposer>(html`<zaby-composer></zaby-composer>`);
      let sent = 0;
      el.addEventListener('zaby-internal-send', () => sent++);
      el.value = 'かな';
      area(el).dispatchEvent(
        new KeyboardEvent('keydown', {key: 'Enter', isComposing: true, bubbles: true}),
      );
      expect(sent).to.equal(0);
    });
  });

  describe('events', () => {
    it('should not send empty text, nor while busy, and stop fires instead', async () => {
      const el = await fixture<ZabyComposer>(html`<zaby-composer></zaby-composer>`);
      let sent = 0;
      el.addEventListener('zaby-internal-send', () => sent++);
      el.value = '   ';
      button(el, 'send-button')!.click();
      expect(sent).to.equal(0);
      el.value = 'hi';
      el.busy = true;
      await el.updateComplete;
      expect(button(el, 'send-button')).to.equal(null);
      area(el).dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
      expect(sent).to.equal(0);
      setTimeout(() => button(el, 'stop-button')!.click());
      await oneEvent(el, 'zaby-internal-stop');
    });

    it('should refuse text over the limit with a clear message and send nothing', async () => {
      const el = await fixture<ZabyComposer>(html`<zaby-composer></zaby-composer>`);
      let sent = 0;
      el.addEventListener('zaby-internal-send', () => sent++);
      el.value = 'x'.repeat(32_001);
      await el.updateComplete;
      button(el, 'send-button')!.click();
      await el.updateComplete;
      expect(sent).to.equal(0);
      const alert = el.shadowRoot!.querySelector('[role="alert"]')!;
      expect(alert.textContent).to.contain('32,001').and.contain('32,000');
      expect(area(el).getAttribute('aria-describedby')).to.equal('limit');
      expect(area(el).value.length).to.equal(32_001);
    });
  });

  describe('properties', () => {
    it('should disable input and send when disabled, and use German strings', async () => {
      const el = await fixture<ZabyComposer>(
        html`<zaby-composer disabled .strings=${resolveStrings('de')}></zaby-composer>`,
      );
      expect(area(el).disabled).to.equal(true);
      expect(button(el, 'send-button')!.disabled).to.equal(true);
      expect(button(el, 'send-button')!.getAttribute('aria-label')).to.equal('Senden');
      expect(area(el).placeholder).to.equal('Nachricht eingeben…');
    });

    it('should grow with its content up to a maximum', async () => {
      const el = await fixture<ZabyComposer>(
        html`<zaby-composer style="width: 300px"></zaby-composer>`,
      );
      const one = area(el).getBoundingClientRect().height;
      el.value = 'line\n'.repeat(4);
      await el.updateComplete;
      const four = area(el).getBoundingClientRect().height;
      el.value = 'line\n'.repeat(50);
      await el.updateComplete;
      const many = area(el).getBoundingClientRect().height;
      expect(four).to.be.greaterThan(one);
      expect(many).to.be.at.most(161);
    });
  });

  describe('empty', () => {
    it('should disable send while empty or white space, and enable it as the person types', async () => {
      const el = await fixture<ZabyComposer>(html`<zaby-composer></zaby-composer>`);
      const send = () => button(el, 'send-button')!;
      expect(send().disabled).to.equal(true);
      expect(send().getAttribute('part')).to.equal('send-button');
      area(el).focus();
      await sendKeys({type: '  '});
      await el.updateComplete;
      expect(send().disabled).to.equal(true);
      await sendKeys({type: 'h'});
      await el.updateComplete;
      expect(send().disabled).to.equal(false);
      await sendKeys({press: 'Backspace'});
      await el.updateComplete;
      expect(send().disabled).to.equal(true);
      const r = send().getBoundingClientRect();
      expect(r.width).to.be.at.least(44);
      expect(r.height).to.be.at.least(44);
      expect(await axe(el)).to.deep.equal([]);
    });

    it('should do nothing on Enter when empty', async () => {
      const el = await fixture<ZabyComposer>(html`<zaby-composer></zaby-composer>`);
      let sent = 0;
      el.addEventListener('zaby-internal-send', () => sent++);
      area(el).focus();
      await sendKeys({press: 'Enter'});
      await sendKeys({type: ' \t'});
      await sendKeys({press: 'Enter'});
      expect(sent).to.equal(0);
      expect(button(el, 'send-button')!.disabled).to.equal(true);
    });

    it('should count pasted text and text set before the first render', async () => {
      const el = await fixture<ZabyComposer>(html`<zaby-composer></zaby-composer>`);
      area(el).focus();
      // A paste inserts the text and fires input, as the browser does for Ctrl+V.
      const data = new DataTransfer();
      data.setData('text/plain', 'pasted');
      area(el).dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
      document.execCommand('insertText', false, 'pasted');
      await el.updateComplete;
      expect(area(el).value).to.equal('pasted');
      expect(button(el, 'send-button')!.disabled).to.equal(false);
      const early = document.createElement('zaby-composer');
      early.value = 'ready';
      el.after(early);
      await early.updateComplete;
      await early.updateComplete;
      expect(button(early, 'send-button')!.disabled).to.equal(false);
      early.remove();
    });
  });
});
