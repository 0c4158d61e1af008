/**
 * `backend="ag-ui"` on a page without the ag-ui add-on: a clear `zaby-error`, the draft
 * kept; loading the add-on later makes the next send work.
 */
import {expect} from '@open-wc/testing';
import {mountAgUi, queue, run, text} from './helpers/ag-ui.ts';
import {deep, lastReplyText, next, textarea, typeAndSend, until} from './helpers/chat.ts';

describe('<zaby-chat backend="ag-ui"> without the ag-ui add-on', () => {
  it('should fail the send with backend_unavailable, and work once the add-on is loaded', async () => {
    const el = await mountAgUi();
    const error = next(el, 'zaby-error');
    await typeAndSend(el, 'hello');
    const detail = (await error).detail;
    expect(detail.code).to.equal('backend_unavailable');
    expect(detail.message).to.contain('ag-ui add-on');
    expect(detail.retryable).to.equal(false);
    await el.updateComplete;
    expect(deep(el, '[part~="error"]')?.textContent).to.contain('ag-ui add-on');
    // Nothing was sent and nothing lost: the draft is still in the composer.
    expect(textarea(el).value).to.equal('hello');
    await import('../../src/addons/ag-ui/index.ts');
    await queue({events: run(text('m', 'Now it works.'))});
    await el.send('again');
    await until(() => lastReplyText(el) === 'Now it works.');
  });
});
