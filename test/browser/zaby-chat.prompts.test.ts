/**
 * Starter prompts: shown while nobody has written (the greeting does not count), each a
 * button that sends its prompt, gone once the conversation has a message.
 */
import {expect} from '@open-wc/testing';
import type {ZabyChat} from '../../src/index.ts';
import 'axe-core/axe.min.js';
import '../../src/index.ts';
import {MockTransport} from '../../src/testing/index.ts';
import {axeViolations, mountMockChat, next, until} from './helpers/chat.ts';

function chatWith(prompts: string): Promise<ZabyChat> {
  return mountMockChat(new MockTransport({reply: (input) => [{text: `You asked: ${input}`}]}), {
    greeting: 'Hi! Pick one or type.',
    prompts,
  });
}

const buttons = (el: ZabyChat) => [
  ...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="prompt"]'),
];

describe('<zaby-chat> prompts', () => {
  it('should show a named group of prompt buttons while empty, from strings and {label, prompt}', async () => {
    const el = await chatWith(
      JSON.stringify([
        'What can you do?',
        {label: 'Weather', prompt: "What's the weather in Paris?"},
      ]),
    );
    expect(buttons(el).map((b) => b.textContent!.trim())).to.deep.equal([
      'What can you do?',
      'Weather',
    ]);
    const group = el.shadowRoot!.querySelector('[role="group"]')!;
    expect(group.getAttribute('aria-label')).to.equal('Suggested prompts');
    for (const b of buttons(el)) expect(b.getBoundingClientRect().height).to.be.at.least(44);
    expect(await axeViolations(el)).to.deep.equal([]);
  });

  it('should send the prompt (not the label) and hide the prompts once there is a message', async () => {
    const el = await chatWith(
      JSON.stringify([{label: 'Weather', prompt: "What's the weather in Paris?"}]),
    );
    const started = next(el, 'zaby-run-start');
    buttons(el)[0]!.click();
    expect((await started).detail.input).to.equal("What's the weather in Paris?");
    await el.updateComplete;
    expect(buttons(el)).to.have.length(0);
    await until(() => !el.shadowRoot!.querySelector('zaby-composer[busy]'));
    el.clear();
    await el.updateComplete;
    expect(buttons(el)).to.have.length(1); // empty again: the prompts come back
  });

  it('should take prompts as a property and ignore malformed ones', async () => {
    const el = await chatWith('not json');
    expect(buttons(el)).to.have.length(0);
    el.prompts = [
      'ok',
      {label: 'no prompt'} as never,
      {prompt: '  '},
      7 as never,
      {prompt: 'sent as is'},
    ];
    await el.updateComplete;
    expect(buttons(el).map((b) => b.textContent!.trim())).to.deep.equal(['ok', 'sent as is']);
  });
});
