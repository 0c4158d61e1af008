import {expect, fixture, html, oneEvent} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import type {ZabyApprovalCard} from '../../src/elements/zaby-approval-card.ts';
import '../../src/elements/zaby-approval-card.ts';
import {axe} from './helpers/axe.ts';

const btn = (el: ZabyApprovalCard, part: string) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>(`[part="${part}"]`)!;
const heading = (el: ZabyApprovalCard) => el.shadowRoot!.querySelector('h3')!;
/** The dark defaults of `<zaby-chat>`, as its panel hands them down. */
const dark =
  'display:block;background:#111827;--zaby-color-accent:#a5b4fc;--zaby-color-on-accent:#111827;' +
  '--zaby-color-surface:#1f2937;--zaby-color-text:#f9fafb;--zaby-color-muted:#d1d5db;' +
  '--zaby-color-border:#4b5563;--zaby-color-danger:#fca5a5;--zaby-color-success:#6ee7b7;' +
  '--zaby-code-background:#0b1220';

describe('<zaby-approval-card>', () => {
  const args = {orderId: '1234', amount: 49.99};

  describe('accessibility', () => {
    it('should be a named group, axe-clean pending and decided', async () => {
      const el =
        await fixture<ZabyApprovalCard>(html`<zaby-approval-card .toolName=${'issue_refund'}
        .arguments=${args} .message=${'Refund €49.99?'}></zaby-approval-card>`);
      const group = el.shadowRoot!.querySelector('[role="group"]')!;
      expect(group.getAttribute('aria-labelledby')).to.equal('title');
      expect(await axe(el)).to.deep.equal([]);
      el.decision = 'APPROVED';
      await el.updateComplete;
      expect(await axe(el)).to.deep.equal([]);
    });
  });

  describe('outcome', () => {
    for (const [decision, text] of [
      ['APPROVED', 'Approved'],
      ['REJECTED', 'Rejected'],
    ] as const) {
      it(`should show "${text}" as the heading, for screen readers too, with no buttons`, async () => {
        const el = await fixture<ZabyApprovalCard>(
          html`<zaby-approval-card .toolName=${'issue_refund'} .arguments=${args}></zaby-approval-card>`,
        );
        expect(heading(el).textContent).to.contain('Approval needed');
        el.decision = decision;
        await el.updateComplete;
        const title = heading(el);
        // The group is named by the heading, and the heading is a polite live region.
        expect(
          el.shadowRoot!.querySelector('[role="group"]')!.getAttribute('aria-labelledby'),
        ).to.equal(title.id);
        expect(title.getAttribute('aria-live')).to.equal('polite');
        expect(title.querySelector('[aria-hidden="true"]')).to.not.equal(null);
        const spoken = [...title.childNodes]
          .map((n) => ((n as Element).getAttribute?.('aria-hidden') ? '' : n.textContent))
          .join('');
        expect(spoken.replace(/[✓✕⏱]/g, '').replace(/\s+/g, ' ').trim()).to.equal(
          `${text}: issue_refund`,
        );
        expect(el.shadowRoot!.textContent).not.to.contain('Approval needed');
        expect(el.shadowRoot!.querySelectorAll('button')).to.have.length(0);
      });
    }

    it('should name the buttons for the tool they act on, keeping the visible text', async () => {
      const el = await fixture<ZabyApprovalCard>(
        html`<zaby-approval-card .toolName=${'issue_refund'}></zaby-approval-card>`,
      );
      expect(btn(el, 'approve-button').getAttribute('aria-label')).to.equal('Approve issue_refund');
      expect(btn(el, 'reject-button').getAttribute('aria-label')).to.equal('Reject issue_refund');
      expect(btn(el, 'approve-button').textContent!.trim()).to.equal('Approve');
      expect(btn(el, 'reject-button').textContent!.trim()).to.equal('Reject');
      for (const b of [btn(el, 'approve-button'), btn(el, 'reject-button')]) {
        const r = b.getBoundingClientRect();
        expect(r.width).to.be.at.least(44);
        expect(r.height).to.be.at.least(44);
      }
    });

    it('should keep keyboard focus on the card when the decided buttons go', async () => {
      const el = await fixture<ZabyApprovalCard>(
        html`<zaby-approval-card .toolName=${'issue_refund'}></zaby-approval-card>`,
      );
      el.addEventListener('zaby-internal-approval-decide', () => (el.pending = true));
      btn(el, 'reject-button').focus();
      await sendKeys({press: 'Enter'});
      await el.updateComplete;
      el.pending = false;
      el.decision = 'REJECTED';
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement).to.equal(heading(el));
    });

    it('should be axe-clean pending, approved, rejected and expired, light and dark', async () => {
      for (const style of ['', dark]) {
        const el = await fixture<ZabyApprovalCard>(html`<zaby-approval-card style=${style}
          .toolName=${'issue_refund'} .arguments=${args} .message=${'Refund €49.99?'}
          .expiresAt=${new Date(Date.now() + 60_000).toISOString()}></zaby-approval-card>`);
        expect(await axe(el), `pending ${style}`).to.deep.equal([]);
        for (const decision of ['APPROVED', 'REJECTED', 'EXPIRED'] as const) {
          el.decision = decision;
          await el.updateComplete;
          expect(await axe(el), `${decision} ${style}`).to.deep.equal([]);
        }
      }
    });
  });

  describe('properties', () => {
    it('should show tool, message and pretty-printed arguments as text', async () => {
      const el =
        await fixture<ZabyApprovalCard>(html`<zaby-approval-card .toolName=${'<img src=x onerror=alert(1)>'}
        .arguments=${args} .message=${'<b>hi</b>'}></zaby-approval-card>`);
      const root = el.shadowRoot!;
      expect(root.querySelector('img, b')).to.equal(null);
      expect(root.textContent).to.contain('<img src=x onerror=alert(1)>');
      expect(root.querySelector('pre')!.textContent).to.equal(JSON.stringify(args, null, 2));
    });

    it('should disable both buttons after a decision or while pending, and show expiry', async () => {
      const el = await fixture<ZabyApprovalCard>(
        html`<zaby-approval-card
          .toolName=${'t'}
          .runId=${'run-1'}
          .approvalId=${'apr-1'}
        ></zaby-approval-card>`,
      );
      el.pending = true;
      await el.updateComplete;
      expect(btn(el, 'approve-button').disabled).to.equal(true);
      el.pending = false;
      el.decision = 'REJECTED';
      await el.updateComplete;
      // Decided: the outcome replaces the buttons (nothing dead is left on the card).
      expect(btn(el, 'approve-button')).to.equal(null);
      expect(btn(el, 'reject-button')).to.equal(null);
      expect(el.shadowRoot!.textContent).to.contain('Rejected');
    });

    it('should expire locally when expiresAt passes', async () => {
      const el = await fixture<ZabyApprovalCard>(html`<zaby-approval-card .toolName=${'t'}
        .expiresAt=${new Date(Date.now() + 150).toISOString()}></zaby-approval-card>`);
      expect(btn(el, 'approve-button').disabled).to.equal(false);
      await new Promise((r) => setTimeout(r, 250));
      await el.updateComplete;
      expect(btn(el, 'approve-button')).to.equal(null);
      expect(el.shadowRoot!.textContent).to.contain('Expired');
      expect(heading(el).textContent!.replace(/\s+/g, ' ').trim()).to.equal('⏱Expired: t');
    });
  });

  describe('events', () => {
    it('should fire one decision on click and none on programmatic change', async () => {
      const el = await fixture<ZabyApprovalCard>(
        html`<zaby-approval-card
          .toolName=${'t'}
          .runId=${'run-1'}
          .approvalId=${'apr-1'}
        ></zaby-approval-card>`,
      );
      let fired = 0;
      el.addEventListener('zaby-internal-approval-decide', () => fired++);
      el.decision = null;
      await el.updateComplete;
      expect(fired).to.equal(0);
      setTimeout(() => btn(el, 'approve-button').click());
      const event = await oneEvent(el, 'zaby-internal-approval-decide');
      expect(event.detail).to.deep.equal({
        runId: 'run-1',
        approvalId: 'apr-1',
        decision: 'APPROVED',
      });
      // It crosses the message's shadow root to <zaby-chat>, which stops it there (the chat
      // tests check that no internal event reaches the host page).
      expect(event.composed).to.equal(true);
    });
  });
});
