import {expect, fixture, html} from '@open-wc/testing';
import type {ZabyChat} from '../../src/index.ts';
import '../../src/index.ts';
import {MockTransport, type MockStep} from '../../src/testing/index.ts';
import {XSS_PAYLOADS} from './fixtures/xss-payloads.ts';
import {createChat, deepAll, until} from './helpers/chat.ts';

/** Every element in the document and in every shadow root under it. */
function allElements(root: Document | ShadowRoot | Element): Element[] {
  const out: Element[] = [];
  const walk = (node: Document | ShadowRoot | Element) => {
    for (const el of node.querySelectorAll('*')) {
      out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root);
  return out;
}

const DANGEROUS_URL = /^\s*(javascript|vbscript|data):/i;

describe('<zaby-chat> against hostile server strings', () => {
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

  it(`should render ${XSS_PAYLOADS.length} payloads in every channel without running any or keeping a dangerous attribute`, async function () {
    this.timeout(60_000);
    expect(XSS_PAYLOADS.length).to.be.at.least(150);
    const joined = XSS_PAYLOADS.join('\n\n');
    const scripts: Record<string, MockStep[] | {steps: MockStep[]; approved: MockStep[]}> = {
      // Reply text, also split across deltas at odd places (chunkSize 3 below).
      text: [{text: joined}],
      thinking: [{thinking: joined}, {text: 'ok'}],
      tools: XSS_PAYLOADS.flatMap((p, i): MockStep[] => [
        {toolCall: {toolName: p, arguments: {payload: p, nested: [p, {p}]}, toolCallId: `c${i}`}},
        {
          toolResult: {
            toolName: p,
            output: i % 2 ? p : {html: p},
            isError: i % 3 === 0,
            toolCallId: `c${i}`,
          },
        },
      ]),
      approval: {
        steps: XSS_PAYLOADS.slice(0, 40).map((p) => ({
          approval: {toolName: p, arguments: {p}, message: p},
        })),
        approved: [{text: 'done'}],
      },
      failure: [
        {text: 'partial'},
        {fail: {code: '<img src=x onerror=window.__canary()>', message: joined}},
      ],
    };
    const mock = new MockTransport({
      chunkSize: 3,
      reply: (input) => scripts[input] ?? [{text: '?'}],
    });
    const el = await fixture<ZabyChat>(
      html`<zaby-chat persist="none" .transport=${mock} token="t"></zaby-chat>`,
    );
    el.addEventListener('zaby-approval-request', () => undefined);
    for (const input of ['text', 'thinking', 'tools', 'failure']) await el.send(input);
    // Approvals: decide each as it comes.
    const done = el.send('approval');
    for (let i = 0; i < 40; i++) {
      await until(
        () =>
          deepAll(el, 'zaby-message', 'zaby-approval-card').some(
            (c) => !!c.shadowRoot?.querySelector('[part~="approve-button"]:not(:disabled)'),
          ),
        5000,
        `approval ${i}`,
      );
      const card = deepAll(el, 'zaby-message', 'zaby-approval-card').find(
        (c) => !!c.shadowRoot?.querySelector('[part~="approve-button"]:not(:disabled)'),
      )!;
      card.shadowRoot!.querySelector<HTMLButtonElement>('[part~="approve-button"]')!.click();
      await new Promise((r) => setTimeout(r, 0));
    }
    await done;
    await expectNothingDangerous(el);
    expect(mock.runs).to.have.length(5);
    expect(canary).to.equal(0);
  });

  it('should stay inert when the same payloads arrive over real HTTP and SSE, error bodies included', async function () {
    this.timeout(60_000);
    const el = await createChat({'api-origin': `${location.origin}/hostile`, token: 'hostile'});
    const events: Array<{event: string; data: unknown}> = [];
    for (const p of XSS_PAYLOADS) {
      events.push({event: 'thinking', data: {content: p}});
      for (let i = 0; i < p.length; i += 3)
        events.push({event: 'text', data: {content: p.slice(i, i + 3)}});
      events.push({event: 'text', data: {content: '\n\n'}});
      events.push({event: 'tool_call', data: {toolCallId: p, toolName: p, arguments: {p}}});
      events.push({
        event: 'tool_result',
        data: {toolCallId: p, toolName: p, output: p, isError: true},
      });
    }
    for (const p of XSS_PAYLOADS.slice(0, 30)) {
      events.push({
        event: 'approval_request',
        data: {approvalId: p, toolName: p, arguments: {p}, message: p, expiresAt: p},
      });
    }
    events.push({
      event: 'RunFinished',
      data: {
        runId: 'x',
        status: 'FAILED',
        latestSeq: events.length + 1,
        error: {code: XSS_PAYLOADS[0], message: XSS_PAYLOADS.join(' ')},
      },
    });
    await fetch('/hostile/script', {method: 'POST', body: JSON.stringify({events})});
    expect((await el.send('go')).status).to.equal('FAILED');
    await fetch('/hostile/script', {
      method: 'POST',
      body: JSON.stringify({
        events: [],
        startError: {
          status: 400,
          body: JSON.stringify({
            error: {code: '<img src=x onerror=window.__canary()>', message: XSS_PAYLOADS.join(' ')},
          }),
        },
      }),
    });
    await el.send('again').catch(() => undefined);
    await until(() => !!el.shadowRoot!.querySelector('[part~="error"]'));
    await expectNothingDangerous(el);
    expect(canary).to.equal(0);
  });

  async function expectNothingDangerous(el: ZabyChat) {
    // Open every disclosure so nothing stays unrendered.
    for (const details of allElements(el.shadowRoot!).filter((e) => e.tagName === 'DETAILS')) {
      (details as HTMLDetailsElement).open = true;
    }
    await new Promise((r) => setTimeout(r, 100));

    const elements = allElements(el.shadowRoot!);
    expect(elements.length).to.be.greaterThan(500);
    const banned = elements.filter((e) =>
      [
        'SCRIPT',
        'IFRAME',
        'OBJECT',
        'EMBED',
        'MATH',
        'BASE',
        'META',
        'LINK',
        'IMG',
        'VIDEO',
        'AUDIO',
        'TEMPLATE',
        'X',
        'BODY',
        'STYLE',
        'SELECT',
        'MARQUEE',
        'NOSCRIPT',
      ].includes(e.tagName.toUpperCase()),
    );
    expect(banned.map((e) => e.outerHTML.slice(0, 80))).to.deep.equal([]);
    // The only SVG is the element's own icons, inside its buttons.
    expect(
      elements.filter((e) => e.tagName.toLowerCase() === 'svg' && !e.closest('button')),
    ).to.have.length(0);
    // The only forms and inputs are the element's own rating forms.
    expect(
      elements.filter((e) => e.tagName === 'FORM' && e.getAttribute('part') !== 'feedback'),
    ).to.have.length(0);
    for (const node of elements) {
      for (const attr of node.attributes) {
        expect(attr.name.startsWith('on'), `${node.tagName} ${attr.name}`).to.equal(false);
        if (
          ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(
            attr.name,
          )
        ) {
          expect(
            DANGEROUS_URL.test(attr.value),
            `${node.tagName} ${attr.name}=${attr.value}`,
          ).to.equal(false);
        }
      }
      if (node.tagName === 'A' && node.hasAttribute('href')) {
        expect(node.getAttribute('rel')).to.equal('noopener noreferrer');
        expect(node.getAttribute('target')).to.equal('_blank');
      }
    }
  }
});
