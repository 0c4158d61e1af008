import {expect} from '@open-wc/testing';
import 'axe-core/axe.min.js';
import type {ToolCallView} from '../../src/index.ts';
import {registerToolRenderer} from '../../src/index.ts';
import {addons} from '../../src/addons/registry.ts';
import {MockTransport} from '../../src/testing/index.ts';
import {XSS_PAYLOADS} from './fixtures/xss-payloads.ts';
import {
  axeViolations,
  deep,
  deepAll,
  lastReplyText,
  mountChat,
  mountMockChat,
  next,
  until,
} from './helpers/chat.ts';

/** Renderers of the demo kind, counting what they made and destroyed. */
const live = new Set<unknown>();
const seen: ToolCallView[] = [];

class WeatherCard extends HTMLElement {
  #call: ToolCallView | undefined;
  set toolCall(call: ToolCallView) {
    this.#call = call;
    seen.push(call);
    const out = call.output as {temperatureC?: number} | undefined;
    this.textContent = `${String(call.arguments['city'])}: ${call.status}${out ? ` ${out.temperatureC} °C` : ''}`;
  }
  get toolCall(): ToolCallView | undefined {
    return this.#call;
  }
  connectedCallback() {
    live.add(this);
  }
  disconnectedCallback() {
    live.delete(this);
  }
}
customElements.define('test-weather-card', WeatherCard);

/** A function renderer with an approval form, as the refund demo. */
function refundForm(call: ToolCallView, container: HTMLElement) {
  const handle = {
    update(next: ToolCallView) {
      seen.push(next);
      container.replaceChildren();
      const p = container.appendChild(document.createElement('p'));
      p.className = 'refund-state';
      p.textContent = `${next.status} ${next.approval?.decision ?? ''}`;
      if (next.approval && !next.approval.decision) {
        for (const [label, act] of [
          ['Approve refund', next.approval.approve],
          ['Reject refund', next.approval.reject],
        ] as const) {
          const b = container.appendChild(document.createElement('button'));
          b.textContent = label;
          b.className = label.startsWith('Approve') ? 'approve' : 'reject';
          b.addEventListener('click', () => void act());
        }
      }
    },
    destroy() {
      live.delete(handle);
    },
  };
  live.add(handle);
  handle.update(call);
  return handle;
}

/** Counts the approve and reject calls that go to the server. */
function countDecisions() {
  const calls: string[] = [];
  const original = window.fetch;
  window.fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const m = /\/approvals\/[^/]+\/(approve|reject)$/.exec(url);
    if (m) calls.push(m[1]!);
    return original(input, init);
  };
  return {calls, restore: () => (window.fetch = original)};
}

const renderers = {get_weather: 'test-weather-card', issue_refund: refundForm};

describe('tool renderers', () => {
  // The page's own stylesheet: it reaches what a renderer made.
  const pageStyle = document.createElement('style');
  pageStyle.textContent = 'test-weather-card { display: block; padding: 4px; }';
  before(() => document.head.append(pageStyle));
  after(() => pageStyle.remove());
  afterEach(() => {
    seen.length = 0;
    sessionStorage.clear();
  });

  it('should render a weather call in the light DOM, slotted, with its states in order', async () => {
    const el = await mountChat();
    el.toolRenderers = renderers;
    await el.send('What is the weather in Paris?');
    await until(() => !!el.querySelector('test-weather-card')?.textContent?.includes('°C'));
    const card = el.querySelector<WeatherCard>('test-weather-card')!;
    expect(card, 'a light-DOM child of the chat').to.exist;
    expect(card.parentElement!.parentElement).to.equal(el);
    expect(card.textContent).to.equal('Paris: complete 18 °C');
    // Slotted through the chat, the message and the tool call into part tool-renderer.
    const part = deep(
      el,
      'zaby-message:nth-of-type(2)',
      'zaby-tool-call',
      '[part="tool-renderer"]',
    );
    const slot = deepAll(el, 'zaby-message', 'zaby-tool-call').map((t) =>
      t.shadowRoot!.querySelector('slot')!,
    )[0]!;
    expect(slot.assignedElements({flatten: true})).to.deep.equal([card.parentElement]);
    expect(part ?? slot.parentElement).to.have.attribute('part', 'tool-renderer');
    expect(deepAll(el, 'zaby-message', 'zaby-tool-call', 'details')).to.have.length(0);
    // The page's CSS reaches it: it is the page's own element.
    expect(getComputedStyle(card).display).to.equal('block');
    expect(getComputedStyle(card).paddingTop).to.equal('4px');
    expect(seen.at(-1)).to.include({toolName: 'get_weather', status: 'complete'});
    expect(seen.at(-1)!.arguments).to.deep.equal({city: 'Paris'});
    expect(seen.at(-1)!.output).to.include({city: 'Paris', temperatureC: 18});
    // A new conversation takes it away.
    el.clear();
    await until(() => !el.querySelector('test-weather-card'), 2000, 'the card to go');
    expect(el.children).to.have.length(0);
    expect(live.size).to.equal(0);
  });

  it('should give a renderer the states of a call in order, as values', async () => {
    const args = {city: '<img src=x onerror=window.__canary()>', nested: {n: 1}};
    const mock = new MockTransport({
      reply: () => [
        {toolCall: {toolName: 'get_weather', arguments: args, toolCallId: 'w1'}},
        {delayMs: 150},
        {toolResult: {toolName: 'get_weather', output: {temperatureC: 21}, toolCallId: 'w1'}},
        {delayMs: 150},
        {toolCall: {toolName: 'issue_refund', arguments: {amount: 5}, toolCallId: 'r1'}},
        {delayMs: 150},
        {toolResult: {toolName: 'issue_refund', output: 'no', isError: true, toolCallId: 'r1'}},
      ],
    });
    const el = await mountMockChat(mock);
    el.toolRenderers = renderers;
    await el.send('go');
    await until(() => seen.some((c) => c.toolCallId === 'r1' && c.status === 'error'));
    const states = (id: string) =>
      seen
        .filter((c) => c.toolCallId === id)
        .map((c) => c.status)
        .filter((s, i, all) => s !== all[i - 1]);
    expect(states('w1')).to.deep.equal(['running', 'complete']);
    expect(states('r1')).to.deep.equal(['running', 'error']);
    const weather = seen.filter((c) => c.toolCallId === 'w1').at(-1)!;
    expect(weather.arguments).to.deep.equal(args);
    expect(weather.output).to.deep.equal({temperatureC: 21});
    expect(seen.filter((c) => c.toolCallId === 'r1').at(-1)).to.include({
      output: 'no',
      isError: true,
    });
    // Values, shown as text by the renderer: nothing was parsed as HTML.
    expect(el.querySelector('test-weather-card')!.textContent).to.contain('<img src=x');
    expect(el.querySelector('img')).to.equal(null);
  });

  it('should approve and reject through the element from a custom renderer, once each', async () => {
    const counter = countDecisions();
    try {
      const el = await mountChat();
      el.toolRenderers = renderers;
      for (const choice of ['approve', 'reject'] as const) {
        const requested = next(el, 'zaby-approval-request');
        const done = el.send(`Please refund order 1234`);
        await requested;
        await until(() => !!el.querySelector(`button.${choice}`), 4000, 'the refund form');
        // No built-in card: the renderer decides.
        expect(deepAll(el, 'zaby-message', 'zaby-approval-card')).to.have.length(0);
        const states = seen.map((c) => c.status);
        expect(states).to.include('awaiting-approval');
        const decided = next(el, 'zaby-approval-decision');
        const button = el.querySelector<HTMLButtonElement>(`button.${choice}`)!;
        button.click();
        button.click();
        expect((await decided).detail.decision).to.equal(
          choice === 'approve' ? 'APPROVED' : 'REJECTED',
        );
        await done;
        const status = choice === 'approve' ? 'complete' : 'denied';
        await until(() => seen.at(-1)?.status === status, 4000, status);
        const last = seen.at(-1)!;
        expect(last.status).to.equal(choice === 'approve' ? 'complete' : 'denied');
        expect(last.approval!.decision).to.equal(choice === 'approve' ? 'APPROVED' : 'REJECTED');
        // Deciding again is a no-op.
        await last.approval!.approve();
      }
      expect(counter.calls).to.deep.equal(['approve', 'reject']);
      await until(() => lastReplyText(el).includes('nothing was changed'), 4000, 'the reply');
    } finally {
      counter.restore();
    }
  });

  it('should restore a pending approval of a custom renderer after a reload, still decidable', async () => {
    const user = `tool-restore-${crypto.randomUUID()}`;
    const attrs = {persist: 'session', id: 'tool-restore'};
    const first = await mountChat({user, attrs});
    first.toolRenderers = renderers;
    const requested = next(first, 'zaby-approval-request');
    void first.send('refund order 777').catch(() => undefined);
    await requested;
    await until(() => !!first.querySelector('button.approve'));
    first.remove();
    expect(live.size).to.equal(0);
    registerToolRenderer('issue_refund', refundForm);
    try {
      const second = await mountChat({user, attrs});
      await until(() => !!second.querySelector('button.approve'), 8000, 'the restored form');
      expect(deepAll(second, 'zaby-message', 'zaby-approval-card')).to.have.length(0);
      const decided = next(second, 'zaby-approval-decision');
      second.querySelector<HTMLButtonElement>('button.approve')!.click();
      expect((await decided).detail.decision).to.equal('APPROVED');
      await until(() => lastReplyText(second).includes('issued a refund'), 8000, 'the reply');
      expect(second.querySelector('.refund-state')!.textContent).to.contain('complete APPROVED');
    } finally {
      const all = addons().toolRenderers!;
      delete all['issue_refund'];
    }
  });

  it('should fall back to the built-in view and report renderer_failed when a renderer throws', async () => {
    const mock = new MockTransport({
      reply: () => [
        {toolCall: {toolName: 'boom', arguments: {a: 1}, toolCallId: 'b1'}},
        {approval: {toolName: 'boom', arguments: {a: 1}, message: 'ok?'}},
      ],
    });
    const el = await mountMockChat(mock);
    el.toolRenderers = {
      boom: () => {
        throw new Error('renderer bug');
      },
    };
    const failed = next(el, 'zaby-error');
    void el.send('go').catch(() => undefined);
    const {detail} = await failed;
    expect(detail).to.include({code: 'renderer_failed', retryable: false});
    expect(detail.message).to.contain('renderer bug');
    await until(() => deepAll(el, 'zaby-message', 'zaby-approval-card').length === 1);
    expect(deepAll(el, 'zaby-message', 'zaby-tool-call', 'details')).to.have.length(1);
    expect(el.children).to.have.length(0);
  });

  it('should prefer the chat renderer, then the page one, then "*"; never inherited names', async () => {
    const names: string[] = [];
    const tag = (name: string) => (call: ToolCallView) =>
      void names.push(`${name}:${call.toolName}`);
    registerToolRenderer('a', tag('page'));
    registerToolRenderer('*', tag('page*'));
    try {
      const mock = new MockTransport({
        reply: () =>
          ['a', 'b', 'constructor', '__proto__', 'toString'].map((toolName, i) => ({
            toolCall: {toolName, arguments: {}, toolCallId: `t${i}`},
          })),
      });
      const el = await mountMockChat(mock);
      el.toolRenderers = {b: tag('chat')};
      await el.send('x');
      await until(() => names.length === 5);
      expect(names).to.have.members([
        'page:a',
        'chat:b',
        'page*:constructor',
        'page*:__proto__',
        'page*:toString',
      ]);
    } finally {
      const all = addons().toolRenderers!;
      delete all['a'];
      delete all['*'];
    }
  });

  it(`should hand ${XSS_PAYLOADS.length} payloads to renderers as values, as tool names, arguments and results, running none`, async function () {
    this.timeout(60_000);
    let canary = 0;
    Object.assign(window, {__canary: () => canary++});
    const got = new Map<string, ToolCallView>();
    const mock = new MockTransport({
      reply: () =>
        XSS_PAYLOADS.flatMap((p, i) => [
          {toolCall: {toolName: p, arguments: {p, nested: [p, {p}]}, toolCallId: `x${i}`}},
          {
            toolResult: {
              toolName: p,
              output: i % 2 ? p : {html: p},
              isError: i % 3 === 0,
              toolCallId: `x${i}`,
            },
          },
        ]),
    });
    const el = await mountMockChat(mock);
    el.toolRenderers = {
      '*': (call, container) => {
        got.set(call.toolCallId, call);
        // A careful renderer: values become text.
        container.textContent = `${call.toolName} ${JSON.stringify(call.arguments)} ${JSON.stringify(call.output)}`;
      },
    };
    await el.send('go');
    await until(
      () =>
        got.size === XSS_PAYLOADS.length && [...got.values()].every((c) => c.status !== 'running'),
    );
    for (const [i, p] of XSS_PAYLOADS.entries()) {
      const call = got.get(`x${i}`)!;
      expect(call.toolName).to.equal(p);
      expect(call.arguments).to.deep.equal({p, nested: [p, {p}]});
      expect(call.output).to.deep.equal(i % 2 ? p : {html: p});
      expect(call.status).to.equal(i % 3 === 0 ? 'error' : 'complete');
    }
    await new Promise((r) => setTimeout(r, 100));
    const all = (root: ParentNode): Element[] =>
      [...root.querySelectorAll('*')].flatMap((e) => [
        e,
        ...(e.shadowRoot ? all(e.shadowRoot) : []),
      ]);
    const elements = [...all(el), ...all(el.shadowRoot!)];
    expect(el.querySelectorAll(':scope > div[slot]')).to.have.length(XSS_PAYLOADS.length);
    // The only SVG is the element's own icons, inside its buttons; the only form its rating.
    const banned = elements.filter(
      (e) =>
        /^(script|iframe|object|embed|img|math|style|video|audio)$/.test(e.localName) ||
        (e.localName === 'svg' && !e.closest('button')) ||
        (e.localName === 'form' && e.getAttribute('part') !== 'feedback'),
    );
    expect(banned.map((e) => e.outerHTML.slice(0, 80))).to.deep.equal([]);
    for (const e of elements)
      for (const a of e.attributes)
        expect(a.name.startsWith('on'), `${e.localName} ${a.name}`).to.equal(false);
    // Slot names are our own counter, never a server string.
    for (const e of el.querySelectorAll('[slot]'))
      expect(e.getAttribute('slot')).to.match(/^zaby-tool-\d+$/);
    expect(canary).to.equal(0);
  });

  it('should leave no renderer instances, containers or listeners after 200 mount/unmount cycles', async function () {
    this.timeout(60_000);
    const mock = new MockTransport({
      reply: () => [
        {toolCall: {toolName: 'get_weather', arguments: {city: 'Oslo'}, toolCallId: 'w'}},
        {toolResult: {toolName: 'get_weather', output: {temperatureC: 3}, toolCallId: 'w'}},
        {toolCall: {toolName: 'issue_refund', arguments: {}, toolCallId: 'r'}},
      ],
    });
    const el = await mountMockChat(mock);
    el.toolRenderers = renderers;
    await el.send('x');
    await until(() => live.size === 2);
    const parent = el.parentElement!;
    for (let i = 0; i < 200; i++) {
      el.remove();
      expect(live.size).to.equal(0);
      parent.append(el);
      await el.updateComplete;
      await until(() => live.size === 2, 2000, `cycle ${i}`);
    }
    expect(el.children).to.have.length(2);
    el.remove();
    expect(live.size).to.equal(0);
    expect(el.children).to.have.length(0);
  });

  describe("the demo's renderers", () => {
    const link = Object.assign(document.createElement('link'), {
      rel: 'stylesheet',
      href: '/demo/renderers.css',
    });
    before(async () => {
      document.head.append(link);
      // demo/renderers.js registers through the script-tag bundle's global.
      Object.assign(window, {ZabyChat: {registerToolRenderer}});
      const url = '../../demo/renderers.js';
      await import(url);
    });
    after(() => {
      link.remove();
      const all = addons().toolRenderers!;
      delete all['get_weather'];
      delete all['issue_refund'];
    });

    for (const theme of ['light', 'dark'] as const) {
      it(`should have no axe violations with them (${theme})`, async () => {
        const el = await mountChat({attrs: {theme}});
        await el.send('What is the weather in Rome?');
        await until(() => !!el.querySelector('demo-weather-card')?.textContent?.includes('°C'));
        const requested = next(el, 'zaby-approval-request');
        const refund = el.send('refund order 4242');
        await requested;
        await until(() => !!el.querySelector('demo-refund-confirmation button.approve'));
        expect(await axeViolations(el)).to.deep.equal([]);
        // Decided, so no run is left waiting on the shared emulator.
        el.querySelector<HTMLButtonElement>('demo-refund-confirmation button.reject')!.click();
        expect((await refund).status).to.equal('COMPLETED');
        await until(
          () => !!el.querySelector('demo-refund-confirmation')?.textContent?.includes('rejected'),
        );
      });
    }
  });
});
