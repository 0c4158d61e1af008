import {expect, fixture, html, oneEvent} from '@open-wc/testing';
import type {ZabyApprovalCard} from '../../src/elements/zaby-approval-card.ts';
import '../../src/elements/zaby-approval-card.ts';
import {axe} from './helpers/axe.ts';

const btn = (el: ZabyApprovalCard, part: string) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>(`[part="${part}"]`)!;

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
      expect(btn(el, 'approve-button').disabled && btn(el, 'reject-button').disabled).to.equal(
        true,
      );
      expect(el.shadowRoot!.textContent).to.contain('Rejected');
    });

    it('should expire locally when expiresAt passes', async () => {
      const el = await fixture<ZabyApprovalCard>(html`<zaby-approval-card .toolName=${'t'}
        .expiresAt=${new Date(Date.now() + 150).toISOString()}></zaby-approval-card>`);
      expect(btn(el, 'approve-button').disabled).to.equal(false);
      await new Promise((r) => setTimeout(r, 250));
      await el.updateComplete;
      expect(btn(el, 'approve-button').disabled).to.equal(true);
      expect(el.shadowRoot!.textContent).to.contain('Expired');
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
