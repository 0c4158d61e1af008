import {expect} from '@open-wc/testing';
import type {ZabyChat} from '../../src/index.ts';
import '../../src/index.ts';
import {emulator, next, until} from './helpers/chat.ts';

async function heap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    (window as unknown as {gc: () => void}).gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  return (performance as unknown as {memory: {usedJSHeapSize: number}}).memory.usedJSHeapSize;
}

describe('<zaby-chat> connect / disconnect', () => {
  it('should hold no stream and leak no memory over 200 attach/detach cycles, half of them mid-stream', async function () {
    this.timeout(120_000);
    const {origin} = await emulator.info();
    const {token} = await emulator.mint({
      externalUserId: `leaks-${crypto.randomUUID()}`,
      ttlSeconds: 3600,
    });
    const cycle = async (i: number) => {
      const el = document.createElement('zaby-chat') as ZabyChat;
      el.setAttribute('api-origin', origin);
      el.setAttribute('persist', 'none');
      el.token = token;
      document.body.append(el);
      await el.updateComplete;
      if (i % 2 === 0) {
        const started = next(el, 'zaby-run-start');
        void el.send(`cycle ${i}`).catch(() => undefined);
        await started;
      }
      el.remove();
    };
    for (let i = 0; i < 20; i++) await cycle(i); // warm up caches
    const before = await heap();
    for (let i = 0; i < 200; i++) await cycle(i);
    await until(async () => (await emulator.stats()).openStreams === 0, 10_000, 'no open streams');
    await until(async () => (await emulator.stats()).activeRuns === 0, 20_000, 'no active runs');
    const after = await heap();
    expect(after / before, `heap ${before} → ${after}`).to.be.below(1.1);
  });
});
