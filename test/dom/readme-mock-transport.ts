/**
 * The README's "Testing your integration" example, as a host app's Vitest suite would run
 * it under a simulated DOM (jsdom, happy-dom): no ResizeObserver, IntersectionObserver or
 * requestIdleCallback there. Shared by the two environment files beside it; any error
 * that escapes (an uncaught exception, an unhandled rejection, a window `error`) fails it.
 */
import {afterEach, beforeEach, expect, test, vi} from 'vitest';
import '../../src/index.ts';
import type {ZabyChat} from '../../src/index.ts';
import {MockTransport} from '../../src/testing/index.ts';

/** The text of a node and everything under it, shadow roots included. */
function deepText(node: Node): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  const shadow = (node as Element).shadowRoot;
  return [...(shadow ? [...shadow.childNodes] : []), ...node.childNodes].map(deepText).join('');
}

/** Every element under `root` matching `selector`, through shadow roots. */
function deepQuery(root: Element | ShadowRoot | Document, selector: string): Element[] {
  const found = [...root.querySelectorAll(selector)];
  for (const el of root.querySelectorAll('*'))
    if (el.shadowRoot) found.push(...deepQuery(el.shadowRoot, selector));
  return found;
}

export function readmeMockTransportSuite(environment: 'jsdom' | 'happy-dom'): void {
  const escaped: unknown[] = [];
  const onError = (error: unknown) => escaped.push(error);
  const onWindowError = (event: ErrorEvent) => escaped.push(event.error ?? event.message);
  const onWindowRejection = (event: PromiseRejectionEvent) => escaped.push(event.reason);

  beforeEach(() => {
    escaped.length = 0;
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    window.addEventListener('error', onWindowError);
    window.addEventListener('unhandledrejection', onWindowRejection);
  });
  afterEach(() => {
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
    window.removeEventListener('error', onWindowError);
    window.removeEventListener('unhandledrejection', onWindowRejection);
    document.body.replaceChildren();
  });

  /** The README's example, start to end; resolves with the escaped errors. */
  async function runExample(): Promise<void> {
    const mock = new MockTransport({
      reply: (input) =>
        input.includes('refund')
          ? {
              steps: [{approval: {toolName: 'issue_refund', arguments: {amount: 5}}}],
              approved: [{text: 'Refunded.'}],
              rejected: [{text: 'Nothing was done.'}],
            }
          : [{thinking: 'Looking…'}, {text: `You said **${input}**.`}],
    });
    const chat = document.createElement('zaby-chat') as ZabyChat;
    chat.transport = mock;
    chat.token = 'test-token';
    document.body.append(chat);

    const result = await chat.send('hello');
    expect(result.status).toBe('COMPLETED');
    expect(result.finalOutput).toBe('You said **hello**.');
    expect(mock.runs).toHaveLength(1);

    // The reply is in the transcript, its markdown rendered as elements.
    await expect
      .poll(() => deepText(chat).replace(/\s+/g, ' '), {timeout: 5000})
      .toContain('You said hello.');
    expect(deepQuery(chat.shadowRoot!, 'strong').map((el) => el.textContent)).toContain('hello');

    // Whatever the element scheduled after the run (renders, observers, idle work) has run.
    await new Promise((resolve) => setTimeout(resolve, 300));
    chat.remove();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(escaped.map(String)).toEqual([]);
  }

  test(`the README's MockTransport example runs under ${environment} with no escaped error`, async () => {
    expect(navigator.userAgent).toContain(environment === 'jsdom' ? 'jsdom' : 'HappyDOM');
    await runExample();
  });

  test(`under ${environment} without ResizeObserver, IntersectionObserver and requestIdleCallback too`, async () => {
    for (const name of ['ResizeObserver', 'IntersectionObserver', 'requestIdleCallback'])
      vi.stubGlobal(name, undefined);
    try {
      expect(typeof ResizeObserver).toBe('undefined');
      await runExample();
    } finally {
      vi.unstubAllGlobals();
    }
  });
}
