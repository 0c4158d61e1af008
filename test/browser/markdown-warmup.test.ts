/**
 * The markdown warm-up: once per page, at idle, and only for a chat that can show replies.
 * Its own file, so no other test has warmed this page's renderer first.
 */
import {expect, fixture, html} from '@open-wc/testing';
import type {ZabyChat} from '../../src/index.ts';
import '../../src/index.ts';
import {lexStats, StreamingMarkdownRenderer} from '../../src/markdown/streaming-renderer.ts';
import {until} from './helpers/chat.ts';

const idle = () =>
  new Promise<void>((resolve) => requestIdleCallback(() => resolve(), {timeout: 3000}));

describe('markdown warm-up', () => {
  it('should wait while a launcher is closed, run once it opens, and leave nothing behind', async () => {
    const el = await fixture<ZabyChat>(
      html`<zaby-chat mode="launcher" persist="none" token="t"></zaby-chat>`,
    );
    await idle();
    await new Promise((r) => setTimeout(r, 300));
    expect(StreamingMarkdownRenderer.warmedUp, 'warmed up while closed').to.equal(false);

    const chars = lexStats.chars;
    el.open = true;
    await until(() => StreamingMarkdownRenderer.warmedUp, 4000, 'the warm-up');
    // Not counted as lexing work, and nothing added to the page or to the transcript.
    expect(lexStats.chars).to.equal(chars);
    expect(document.documentElement.textContent).not.to.contain('Setext heading');
    expect(el.shadowRoot!.querySelectorAll('zaby-message')).to.have.length(0);
  });
});
