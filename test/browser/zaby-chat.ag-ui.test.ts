/**
 * `<zaby-chat backend="ag-ui">` in Chromium, against streams written by @ag-ui/encoder and
 * served over real HTTP on 127.0.0.1 (test/helpers/wtr-ag-ui-plugin.ts).
 */
import {expect} from '@open-wc/testing';
import 'axe-core/axe.min.js';
import '../../src/addons/ag-ui/index.ts';
import type {ZabyChat} from '../../src/index.ts';
import {agentLog, ev, mountAgUi, queue, run, text} from './helpers/ag-ui.ts';
import {
  axeViolations,
  deep,
  deepAll,
  deepText,
  failedNotice,
  lastReplyText,
  messages,
  next,
  pressStop,
  until,
} from './helpers/chat.ts';

/** Waits for the last reply to show `expected` (rendering follows the run by a frame). */
async function replyIs(el: ZabyChat, expected: string): Promise<void> {
  await until(() => lastReplyText(el) === expected, 4000, `the reply "${expected}"`).catch(() => {
    expect(lastReplyText(el)).to.equal(expected);
  });
}

/** The failure notice of the last reply, once rendered. */
async function notice(el: ZabyChat): Promise<HTMLElement> {
  await until(() => failedNotice(el) !== null, 4000, 'the failure notice');
  return failedNotice(el)!;
}

function toolCards(el: ZabyChat): HTMLElement[] {
  return deepAll(el, 'zaby-message', 'zaby-tool-call');
}

function thinkingText(el: ZabyChat): string {
  return deepAll(el, 'zaby-message', 'zaby-thinking').map(deepText).join(' ');
}

describe('<zaby-chat backend="ag-ui">', () => {
  it('should send a RunAgentInput with the thread and render TEXT_MESSAGE / REASONING / TOOL_CALL chunks', async () => {
    await queue(
      {
        events: run([
          ev('REASONING_MESSAGE_CHUNK', {messageId: 'r1', delta: 'Thinking '}),
          ev('REASONING_MESSAGE_CHUNK', {delta: 'hard.'}),
          ev('TOOL_CALL_CHUNK', {toolCallId: 'c1', toolCallName: 'get_weather', delta: '{"city":'}),
          ev('TOOL_CALL_CHUNK', {delta: '"Oslo"}'}),
          ev('TOOL_CALL_RESULT', {
            messageId: 'm-r',
            toolCallId: 'c1',
            content: '{"temperatureC":3}',
          }),
          ev('TEXT_MESSAGE_CHUNK', {messageId: 'm1', role: 'assistant', delta: 'It is '}),
          ev('TEXT_MESSAGE_CHUNK', {delta: '**3 °C** in Oslo.'}),
        ]),
      },
      {events: run(text('m2', 'Second ', 'answer.'))},
    );
    const el = await mountAgUi();
    const first = await el.send('Weather in Oslo?');
    expect(first.status).to.equal('COMPLETED');
    expect(first.finalOutput).to.equal('It is **3 °C** in Oslo.');
    await replyIs(el, 'It is 3 °C in Oslo.');
    expect(thinkingText(el)).to.contain('Thinking hard.');
    await until(() => toolCards(el).length === 1);
    const [card] = toolCards(el);
    expect(deepText(card!)).to.contain('get_weather');
    expect(deepText(card!)).to.contain('Oslo');
    expect(deepText(card!)).to.contain('temperatureC');
    await el.send('And now?');
    await replyIs(el, 'Second answer.');
    const {requests} = await agentLog();
    expect(requests).to.have.length(2);
    const [a, b] = requests.map((r) => r.input);
    expect(a!.threadId).to.be.a('string').and.equal(b!.threadId);
    expect(a!.runId).to.not.equal(b!.runId);
    expect(a!.messages).to.deep.equal([
      {id: `${a!.runId}-user`, role: 'user', content: 'Weather in Oslo?'},
    ]);
    // The second run carries the whole thread: the first turn's call, result and text.
    expect(b!.messages.map((m) => m.role)).to.deep.equal(['user', 'assistant', 'tool', 'user']);
    const assistant = b!.messages[1] as {content: string; toolCalls: unknown[]};
    expect(assistant.content).to.equal('It is **3 °C** in Oslo.');
    expect(assistant.toolCalls).to.deep.equal([
      {id: 'c1', type: 'function', function: {name: 'get_weather', arguments: '{"city":"Oslo"}'}},
    ]);
    expect(b!.messages[2]).to.include({
      role: 'tool',
      toolCallId: 'c1',
      content: '{"temperatureC":3}',
    });
    // No token configured: no Authorization header, and nothing waited for one.
    expect(requests.map((r) => r.authorization)).to.deep.equal([null, null]);
    expect(await axeViolations(el)).to.deep.equal([]);
  });

  it('should show interleaved tool calls with their arguments as they stream', async () => {
    await queue({
      delayMs: 30,
      hold: true,
      events: [
        ev('RUN_STARTED', {threadId: 't', runId: 'r'}),
        ev('TOOL_CALL_START', {toolCallId: 'a', toolCallName: 'lookup'}),
        ev('TOOL_CALL_START', {toolCallId: 'b', toolCallName: 'convert'}),
        ev('TOOL_CALL_ARGS', {toolCallId: 'a', delta: '{"query": "pari'}),
        ev('TOOL_CALL_ARGS', {toolCallId: 'b', delta: '{"from": "EUR", '}),
      ],
    });
    const el = await mountAgUi();
    void el.send('two tools').catch(() => undefined);
    // Partial JSON shows what has arrived: the open string and object are closed for display.
    await until(
      () =>
        toolCards(el).length === 2 &&
        deepText(toolCards(el)[0]!).includes('pari') &&
        deepText(toolCards(el)[1]!).includes('EUR'),
      4000,
      'both calls with their partial arguments',
    );
    await pressStop(el);
  });

  it('should finish interleaved calls with the right results', async () => {
    await queue({
      events: run([
        ev('TOOL_CALL_START', {toolCallId: 'a', toolCallName: 'lookup'}),
        ev('TOOL_CALL_START', {toolCallId: 'b', toolCallName: 'convert'}),
        ev('TOOL_CALL_ARGS', {toolCallId: 'b', delta: '{"to":"USD"}'}),
        ev('TOOL_CALL_ARGS', {toolCallId: 'a', delta: '{"q":"x"}'}),
        ev('TOOL_CALL_END', {toolCallId: 'b'}),
        ev('TOOL_CALL_END', {toolCallId: 'a'}),
        ev('TOOL_CALL_RESULT', {messageId: 'rb', toolCallId: 'b', content: 'rate 1.1'}),
        ev('TOOL_CALL_RESULT', {messageId: 'ra', toolCallId: 'a', content: '{"hits":2}'}),
      ]),
    });
    const el = await mountAgUi();
    await el.send('two tools');
    await until(() => toolCards(el).length === 2 && deepText(toolCards(el)[1]!).includes('rate'));
    const [a, b] = toolCards(el).map(deepText);
    expect(a).to.contain('lookup').and.contain('"q"').and.contain('hits');
    expect(b).to.contain('convert').and.contain('USD').and.contain('rate 1.1');
  });

  it('should apply STATE_SNAPSHOT and STATE_DELTA and report each as zaby-agent-state', async () => {
    await queue({
      events: run([
        ev('STATE_SNAPSHOT', {snapshot: {step: 1, items: ['a']}}),
        ev('STATE_DELTA', {
          delta: [
            {op: 'replace', path: '/step', value: 2},
            {op: 'add', path: '/items/-', value: 'b'},
          ],
        }),
        ...text('m', 'ok'),
      ]),
    });
    const el = await mountAgUi();
    const states: unknown[] = [];
    el.addEventListener('zaby-agent-state', (e) => states.push(e.detail.snapshot));
    await el.send('state');
    expect(states).to.deep.equal([
      {step: 1, items: ['a']},
      {step: 2, items: ['a', 'b']},
    ]);
    // The next run starts from that state.
    await queue({events: run(text('m', 'again'))});
    await el.send('more');
    expect((await agentLog()).requests[0]!.input.state).to.deep.equal({step: 2, items: ['a', 'b']});
  });

  it('should show an interrupt as an approval card whose decision resumes in a new run', async () => {
    await queue(
      {
        events: run(
          [
            ev('TOOL_CALL_START', {toolCallId: 'call_refund', toolCallName: 'issue_refund'}),
            ev('TOOL_CALL_ARGS', {toolCallId: 'call_refund', delta: '{"orderId":"1234"}'}),
            ev('TOOL_CALL_END', {toolCallId: 'call_refund'}),
          ],
          {
            type: 'interrupt',
            interrupts: [
              {
                id: 'int-1',
                reason: 'tool_approval',
                toolCallId: 'call_refund',
                message: 'Refund order 1234?',
              },
            ],
          },
        ),
      },
      {
        events: run([
          ev('TOOL_CALL_RESULT', {
            messageId: 'r',
            toolCallId: 'call_refund',
            content: '{"status":"issued"}',
          }),
          ...text('m', 'Refund issued.'),
        ]),
      },
    );
    const el = await mountAgUi();
    const asked = next(el, 'zaby-approval-request');
    const done = el.send('refund 1234');
    const request = (await asked).detail;
    expect(request).to.include({
      approvalId: 'int-1',
      toolName: 'issue_refund',
      message: 'Refund order 1234?',
    });
    expect(request.arguments).to.deep.equal({orderId: '1234'});
    await until(
      () =>
        !!deep(messages(el).at(-1)!, 'zaby-approval-card')?.shadowRoot?.querySelector(
          '[part~="approve-button"]',
        ),
      4000,
      'the approval card',
    );
    const card = deep(messages(el).at(-1)!, 'zaby-approval-card')!;
    expect(await axeViolations(el)).to.deep.equal([]);
    expect(deepText(card)).to.contain('Refund order 1234?');
    card.shadowRoot!.querySelector<HTMLButtonElement>('[part~="approve-button"]')!.click();
    const result = await done;
    expect(result.status).to.equal('COMPLETED');
    await replyIs(el, 'Refund issued.');
    // One message for the whole turn: the call, its result, the text.
    expect(messages(el)).to.have.length(2);
    const {requests} = await agentLog();
    expect(requests).to.have.length(2);
    const [first, resumed] = requests.map((r) => r.input);
    expect(resumed!.threadId).to.equal(first!.threadId);
    expect(resumed!.runId).to.not.equal(first!.runId);
    expect(resumed!.resume).to.deep.equal([
      {interruptId: 'int-1', status: 'resolved', payload: {approved: true}},
    ]);
    expect(first!.resume).to.equal(undefined);
  });

  it('should end the reply on RUN_ERROR with its message, keeping the text', async () => {
    await queue({
      events: [
        ev('RUN_STARTED', {threadId: 't', runId: 'r'}),
        ...text('m', 'Partial answer'),
        ev('RUN_ERROR', {message: 'The model is overloaded.', code: 'overloaded'}),
      ],
    });
    const el = await mountAgUi();
    const error = next(el, 'zaby-error');
    const result = await el.send('x');
    expect(result.status).to.equal('FAILED');
    await replyIs(el, 'Partial answer');
    expect(deepText(await notice(el))).to.contain('The model is overloaded.');
    expect((await error).detail).to.include({code: 'overloaded'});
  });

  for (const [name, events, frames, reason] of [
    [
      'content before its start',
      [
        ev('RUN_STARTED', {threadId: 't', runId: 'r'}),
        ...text('m', 'Kept. '),
        ev('TEXT_MESSAGE_CONTENT', {messageId: 'x', delta: 'lost'}),
      ],
      [],
      'TEXT_MESSAGE_CONTENT for x, which is not open',
    ],
    [
      'an event before RUN_STARTED',
      [...text('m', 'early')],
      [],
      'TEXT_MESSAGE_START before RUN_STARTED',
    ],
    [
      'an event that is not JSON',
      [ev('RUN_STARTED', {threadId: 't', runId: 'r'}), ...text('m', 'Kept. ')],
      ['data: {"type": "TEXT_MESSAGE_CONTENT", \n\n'],
      'an event that is not JSON',
    ],
    ['an event after RUN_FINISHED', [...run(text('m', 'Kept. ')), ...text('n', 'late')], [], null],
    [
      'a tool call end for an unknown call',
      [
        ev('RUN_STARTED', {threadId: 't', runId: 'r'}),
        ...text('m', 'Kept. '),
        ev('TOOL_CALL_END', {toolCallId: 'nope'}),
      ],
      [],
      'TOOL_CALL_END for nope, which is not open',
    ],
  ] as const) {
    it(`should stop with a clear error on ${name}, keeping the transcript`, async () => {
      await queue({events: [...events], frames: [...frames]});
      const el = await mountAgUi();
      const result = await el.send('x');
      if (reason === null) {
        // RUN_FINISHED ended the run: what follows is never read.
        expect(result.status).to.equal('COMPLETED');
        await replyIs(el, 'Kept.');
        return;
      }
      expect(result.status).to.equal('FAILED');
      expect(deepText(await notice(el))).to.contain(
        `The agent broke the AG-UI protocol: ${reason}`,
      );
      if (name !== 'an event before RUN_STARTED') await replyIs(el, 'Kept.');
      expect(messages(el)).to.have.length(2);
    });
  }

  it('should read SSE split at any byte, inside frames and characters', async () => {
    const reply = 'Grüße — 你好 👋🏽 and **bold**';
    await queue({chunkBytes: 3, events: run(text('m', ...Array.from(reply)))});
    const el = await mountAgUi();
    await el.send('split');
    await replyIs(el, 'Grüße — 你好 👋🏽 and bold');
  });

  it('should keep what arrived when the stream drops, mark the reply interrupted and offer Retry', async () => {
    await queue(
      {
        drop: true,
        events: [
          ev('RUN_STARTED', {threadId: 't', runId: 'r'}),
          ev('TEXT_MESSAGE_START', {messageId: 'm', role: 'assistant'}),
          ev('TEXT_MESSAGE_CONTENT', {messageId: 'm', delta: 'Half an'}),
        ],
      },
      {events: run(text('m2', 'Whole answer.'))},
    );
    const el = await mountAgUi();
    const result = await el.send('drop');
    expect(result.status).to.equal('FAILED');
    await replyIs(el, 'Half an');
    const failed = await notice(el);
    expect(deepText(failed)).to.contain('Interrupted');
    const retry = failed.querySelector<HTMLButtonElement>('[part~="retry-button"]')!;
    expect(retry).to.exist;
    retry.click();
    await until(() => lastReplyText(el) === 'Whole answer.');
    const {requests} = await agentLog();
    // The retry is a new send of the same text; the interrupted turn is not in its thread.
    expect(requests[1]!.input.messages.map((m) => m.content)).to.deep.equal(['drop']);
  });

  it('should abort the request on stop and show the reply stopped', async () => {
    await queue({
      hold: true,
      events: [
        ev('RUN_STARTED', {threadId: 't', runId: 'r'}),
        ev('TEXT_MESSAGE_START', {messageId: 'm', role: 'assistant'}),
        ev('TEXT_MESSAGE_CONTENT', {messageId: 'm', delta: 'Going on'}),
      ],
    });
    const el = await mountAgUi();
    const done = el.send('stop me');
    await until(() => lastReplyText(el) === 'Going on');
    await pressStop(el);
    expect((await done).status).to.equal('CANCELLED');
    await until(async () => (await agentLog()).closedEarly === 1);
  });

  it('should fire zaby-feedback for a rating, with no request to the agent', async () => {
    await queue({events: run(text('m', 'Rate me'))});
    const el = await mountAgUi();
    await el.send('x');
    await el.updateComplete;
    const rating = deep(messages(el).at(-1)!, 'zaby-star-rating')!;
    await until(() => !!rating.shadowRoot?.querySelector('[part~="star"]'));
    const feedback = next(el, 'zaby-feedback');
    const stars = rating.shadowRoot!.querySelectorAll<HTMLElement>('[part~="star"]');
    stars[3]!.click();
    await (rating as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete;
    rating.shadowRoot!.querySelector<HTMLButtonElement>('[part~="feedback-submit"]')?.click();
    expect((await feedback).detail).to.include({rating: 4});
    expect((await agentLog()).requests).to.have.length(1);
  });

  it('should send the token as Bearer, and refresh it once on a 401', async () => {
    await queue(
      {status: 401, body: {error: {code: 'token_expired', message: 'expired'}}},
      {events: run(text('m', 'Authorized.'))},
    );
    let minted = 0;
    const el = await mountAgUi({}, (chat) => {
      chat.tokenProvider = async () => `token-${++minted}`;
    });
    await el.send('x');
    await replyIs(el, 'Authorized.');
    const {requests} = await agentLog();
    expect(requests.map((r) => r.authorization)).to.deep.equal([
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('should keep the thread across a reload: transcript restored, same threadId', async () => {
    await queue({events: run(text('m', 'Remembered.'))});
    const id = `agui-${crypto.randomUUID()}`;
    const el = await mountAgUi({persist: 'session', id});
    await el.send('remember this');
    el.remove();
    const again = await mountAgUi({persist: 'session', id});
    await until(() => lastReplyText(again) === 'Remembered.');
    await queue({events: run(text('m', 'Still here.'))});
    const first = (await agentLog()).requests;
    expect(first).to.have.length(0);
    await again.send('and now?');
    const [request] = (await agentLog()).requests;
    expect(request!.input.messages.map((m) => m.content)).to.deep.equal([
      'remember this',
      'Remembered.',
      'and now?',
    ]);
    // clear() starts a new thread.
    const before = request!.input.threadId;
    again.clear();
    await queue({events: run(text('m', 'Fresh.'))});
    await again.send('new');
    const [fresh] = (await agentLog()).requests;
    expect(fresh!.input.threadId).to.not.equal(before);
    expect(fresh!.input.messages).to.have.length(1);
  });
});
