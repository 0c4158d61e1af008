/**
 * The baselines, in one page: `naive` re-renders the whole message on every delta
 * (`innerHTML = DOMPurify.sanitize(marked.parse(textSoFar))`), as Deep Chat and n8n chat
 * do; `naive-raf` does the same at most once per animation frame; `floor` only reads the
 * stream and keeps the text (the harness cost, no rendering); `plain-text` shows the text
 * unrendered in its blocks' shapes (see plain-text.ts), painting as often as zaby-chat does
 * (at most once per frame and per 50 ms).
 */
import DOMPurify from 'dompurify';
import {createParser} from 'eventsource-parser';
import {marked} from 'marked';
import {FrameQueue} from '../../src/browser/frame-queue.ts';
import {PlainText} from './plain-text.ts';
import {installProbes} from './probes.ts';

const mode = new URLSearchParams(location.search).get('mode') ?? 'naive';
const log = document.querySelector<HTMLElement>('#log')!;

async function run(input: string): Promise<void> {
  const started = await fetch('/api/v1/runtime/runs', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Authorization: 'Bearer bench'},
    body: JSON.stringify({input}),
  });
  const {runId} = (await started.json()) as {runId: string};
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  log.append(bubble);
  let text = '';
  let scheduled = false;
  // plain-text: paced by zaby-chat's own FrameQueue (once per frame and per 50 ms).
  const plain = new PlainText(bubble);
  const plainFrames = new FrameQueue(() => {
    plain.show(text);
    log.scrollTop = log.scrollHeight;
  }, 50);
  const paint = () => {
    scheduled = false;
    bubble.innerHTML = DOMPurify.sanitize(marked.parse(text) as string);
  };
  const response = await fetch(`/api/v1/runtime/runs/${runId}/stream`, {
    headers: {Authorization: 'Bearer bench'},
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let finished = false;
  const parser = createParser({
    onEvent: (e) => {
      if (e.event === 'RunFinished') {
        finished = true;
        return;
      }
      if (e.event !== 'text') return;
      text += (JSON.parse(e.data) as {content: string}).content;
      if (mode === 'naive') paint();
      else if (mode === 'naive-raf' && !scheduled) {
        scheduled = true;
        requestAnimationFrame(paint);
      } else if (mode === 'floor') bubble.textContent = '';
      else if (mode === 'plain-text') plainFrames.schedule();
    },
  });
  while (!finished) {
    const {value, done} = await reader.read();
    if (done) break;
    parser.feed(value);
  }
  if (mode === 'floor') bubble.textContent = text; // one final write, so the sentinel check works
  if (mode === 'plain-text') {
    plainFrames.schedule(true);
    plainFrames.flush();
  }
}

installProbes({run, text: () => log.lastElementChild?.textContent ?? ''});
