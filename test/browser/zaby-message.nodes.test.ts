import {expect, fixture, html} from '@open-wc/testing';
import type {ZabyMessage} from '../../src/elements/zaby-message.ts';
import '../../src/elements/zaby-message.ts';
import type {AssistantTurn} from '../../src/state/run-state.ts';

/** Every node under `node`, shadow roots included (the roots themselves counted). */
function countNodes(node: Node): number {
  let n = 1;
  const root = (node as Element).shadowRoot;
  if (root) n += countNodes(root);
  for (const child of node.childNodes) n += countNodes(child);
  return n;
}

const turn: AssistantTurn = {
  kind: 'assistant',
  id: 't1',
  runId: 'r1',
  blocks: [{type: 'text', id: 'b1', text: 'Hello from the launcher'}],
  status: 'COMPLETED',
  lastSeq: 1,
  finalOutput: 'Hello from the launcher',
  error: undefined,
} as unknown as AssistantTurn;

describe('DOM nodes per reply', () => {
  // Before the compact rating (five stars, a visible legend and a disabled "Send feedback"
  // under every reply): 110 nodes per reply, 82 of them the rating's.
  it('should stay small by default and smaller still collapsed', async () => {
    const el = await fixture<ZabyMessage>(html`<zaby-message .turn=${turn}></zaby-message>`);
    type Rating = HTMLElement & {collapsed: boolean; updateComplete: Promise<unknown>};
    const rating = el.shadowRoot!.querySelector<Rating>('zaby-star-rating')!;
    await rating.updateComplete;
    const reply = countNodes(el);
    const stars = countNodes(rating);
    rating.collapsed = true;
    await rating.updateComplete;
    const replyCollapsed = countNodes(el);
    const collapsed = countNodes(rating);
    console.log(
      `NODES reply=${reply} rating=${stars} replyCollapsed=${replyCollapsed} ratingCollapsed=${collapsed}`,
    );
    expect(reply).to.be.below(110);
    expect(replyCollapsed).to.be.below(reply);
    expect(collapsed).to.be.at.most(12);
  });
});
