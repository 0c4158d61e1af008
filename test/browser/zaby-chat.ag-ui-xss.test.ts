/**
 * The XSS corpus through every AG-UI channel (text, reasoning, tool names and streamed
 * arguments, results, interrupt messages, RUN_ERROR), written by @ag-ui/encoder and read
 * over real HTTP: nothing runs, nothing dangerous is left in the DOM.
 */
import {expect} from '@open-wc/testing';
import '../../src/addons/ag-ui/index.ts';
import {XSS_PAYLOADS} from './fixtures/xss-payloads.ts';
import {ev, mountAgUi, queue, run} from './helpers/ag-ui.ts';
import {deepAll, until} from './helpers/chat.ts';

function allElements(root: ShadowRoot | Element): Element[] {
  const out: Element[] = [];
  const walk = (node: ShadowRoot | Element) => {
    for (const el of node.querySelectorAll('*')) {
      out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root);
  return out;
}

const BANNED = new Set(
  'SCRIPT IFRAME OBJECT EMBED MATH BASE META LINK IMG VIDEO AUDIO TEMPLATE BODY STYLE SELECT MARQUEE NOSCRIPT'.split(
    ' ',
  ),
);
const DANGEROUS_URL = /^\s*(javascript|vbscript|data):/i;

describe('<zaby-chat backend="ag-ui"> against hostile agent strings', () => {
  let canary = 0;
  const originals = {alert: window.alert, confirm: window.confirm, prompt: window.prompt};
  before(() => {
    const trap = () => {
      canary++;
      return null as never;
    };
    Object.assign(window, {__canary: trap, alert: trap, confirm: trap, prompt: trap});
  });
  after(() => Object.assign(window, originals));

  it(`should keep ${XSS_PAYLOADS.length} payloads inert in text, reasoning, tool calls, results, interrupts and errors`, async function () {
    this.timeout(60_000);
    expect(XSS_PAYLOADS.length).to.be.at.least(150);
    const body = XSS_PAYLOADS.flatMap((p, i) => {
      const args = JSON.stringify({payload: p, nested: [p, {p}]});
      return [
        ev('REASONING_MESSAGE_CHUNK', {messageId: `r${i}`, delta: p}),
        ev('TEXT_MESSAGE_CHUNK', {messageId: `m${i}`, delta: `${p.slice(0, 3)}`}),
        ev('TEXT_MESSAGE_CHUNK', {delta: `${p.slice(3)}\n\n`}),
        ev('TOOL_CALL_START', {toolCallId: `c${i}`, toolCallName: p}),
        // Arguments in odd pieces, so partial JSON with the payload renders on the way.
        ...Array.from({length: Math.ceil(args.length / 7)}, (_, k) =>
          ev('TOOL_CALL_ARGS', {toolCallId: `c${i}`, delta: args.slice(k * 7, k * 7 + 7)}),
        ),
        ev('TOOL_CALL_END', {toolCallId: `c${i}`}),
        ev('TOOL_CALL_RESULT', {
          messageId: `t${i}`,
          toolCallId: `c${i}`,
          content: i % 2 ? p : JSON.stringify({html: p}),
        }),
      ];
    });
    await queue(
      {
        events: run(body, {
          type: 'interrupt',
          interrupts: XSS_PAYLOADS.slice(0, 20).map((p, i) => ({
            id: `i${i}`,
            reason: p,
            message: p,
            toolCallId: `c${i}`,
          })),
        }),
      },
      {
        events: [
          ev('RUN_STARTED', {threadId: 't', runId: 'r2'}),
          ev('RUN_ERROR', {message: XSS_PAYLOADS.join(' '), code: XSS_PAYLOADS[0]}),
        ],
      },
    );
    const el = await mountAgUi();
    const done = el.send('go');
    // Decide every approval card, the last decision resumes the run.
    for (let i = 0; i < 20; i++) {
      const open = () =>
        deepAll(el, 'zaby-message', 'zaby-approval-card').find(
          (c) => !!c.shadowRoot?.querySelector('[part~="approve-button"]:not(:disabled)'),
        );
      await until(() => open() !== undefined, 8000, `approval ${i}`);
      open()!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="approve-button"]')!.click();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect((await done).status).to.equal('FAILED');
    for (const details of allElements(el.shadowRoot!).filter((e) => e.tagName === 'DETAILS'))
      (details as HTMLDetailsElement).open = true;
    await new Promise((r) => setTimeout(r, 100));
    const elements = allElements(el.shadowRoot!);
    expect(elements.length).to.be.greaterThan(500);
    expect(
      elements
        .filter((e) => BANNED.has(e.tagName.toUpperCase()))
        .map((e) => e.outerHTML.slice(0, 80)),
    ).to.deep.equal([]);
    expect(
      elements.filter((e) => e.tagName.toLowerCase() === 'svg' && !e.closest('button')),
    ).to.have.length(0);
    for (const node of elements)
      for (const attr of node.attributes) {
        expect(attr.name.startsWith('on'), `${node.tagName} ${attr.name}`).to.equal(false);
        if (
          ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(
            attr.name,
          )
        )
          expect(DANGEROUS_URL.test(attr.value), `${node.tagName} ${attr.name}`).to.equal(false);
      }
    // The payloads are there, as text (in the messages' shadow roots).
    const shown = elements.map((e) => e.shadowRoot?.textContent ?? '').join('');
    expect(shown.length).to.be.greaterThan(10_000);
    expect(canary).to.equal(0);
  });
});
