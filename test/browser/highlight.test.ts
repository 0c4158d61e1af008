/**
 * The highlight add-on (src/addons/highlight) through the add-on registry: loaded after a
 * reply rendered (the first test imports it, so nothing before it may), then with replies
 * that stream, at the size of a long reply, and axe-clean in both themes.
 */
import {expect, fixture, html} from '@open-wc/testing';
import 'axe-core/axe.min.js';
import {emulateMedia} from '@web/test-runner-commands';
import '../../src/elements/zaby-markdown.ts';
import type {ZabyMarkdown} from '../../src/elements/zaby-markdown.ts';
import {ADDONS_KEY, addons} from '../../src/addons/registry.ts';
import {CODE_SAMPLES} from './fixtures/code-samples.ts';
import {axeViolations, deepAll, mountChat, until} from './helpers/chat.ts';

type Stats = {tokenized: number};
let stats: Stats;

const codeOf = (el: ZabyMarkdown) => [...el.shadowRoot!.querySelectorAll('pre > code')];
const spans = (code: Element) => code.querySelectorAll('span.token').length;
const tick = () => new Promise((r) => setTimeout(r, 30));

/** Every node under `code` is a text node or a `span.token` made by the tokenizer. */
function onlyTokenSpans(code: Element): boolean {
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_ALL);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) continue;
    const e = n as Element;
    if (e.localName !== 'span' || !e.classList.contains('token')) return false;
    if ([...e.attributes].some((a) => a.name !== 'class')) return false;
  }
  return true;
}

async function mountMarkdown(text: string, streaming = false): Promise<ZabyMarkdown> {
  const el = await fixture<ZabyMarkdown>(
    html`<zaby-markdown .text=${text} ?streaming=${streaming}></zaby-markdown>`,
  );
  await el.updateComplete;
  return el;
}

describe('highlight add-on', () => {
  it('highlights the finished code blocks already on the page when it loads later', async () => {
    expect(addons().highlight, 'not loaded yet').to.equal(undefined);
    const source = 'const answer = 42; // the answer\n';
    const el = await mountMarkdown(
      `Before\n\n\`\`\`js\n${source}\`\`\`\n\nAnd open:\n\n\`\`\`js\nlet x`,
    );
    const [closed, open] = codeOf(el);
    expect(spans(closed!)).to.equal(0);
    await import('../../src/addons/highlight/index.ts');
    stats = (await import('../../src/addons/highlight/stats.ts')).highlightStats;
    expect((globalThis as unknown as Record<symbol, unknown>)[ADDONS_KEY]).to.equal(addons());
    expect(addons().highlight).to.be.a('function');
    await until(() => spans(closed!) > 0, 5000, 'late highlight');
    expect(closed!.textContent).to.equal(source);
    expect(closed!.querySelector('.token.keyword')!.textContent).to.equal('const');
    expect(closed!.querySelector('.token.comment')!.textContent).to.equal('// the answer');
    expect(onlyTokenSpans(closed!)).to.equal(true);
    // A reply that ended inside an open fence stays plain.
    await tick();
    expect(spans(open!)).to.equal(0);
    // Prism leaves no global behind.
    expect('Prism' in globalThis).to.equal(false);
  });

  it('streams an open block as plain text and highlights it once, right after the fence closes', async () => {
    const el = await mountMarkdown('', true);
    const feed = async (delta: string) => {
      el.text += delta;
      await el.updateComplete;
    };
    await feed('Here is code:\n\n```python\ndef f(x):\n');
    await feed('    return x * 2  # double\n');
    await tick();
    let [code] = codeOf(el);
    expect(code!.className).to.equal('language-python');
    expect(spans(code!), 'open fence: plain').to.equal(0);
    const before = stats.tokenized;
    await feed('```\n');
    await until(() => spans(codeOf(el)[0]!) > 0, 5000, 'highlight after close');
    expect(stats.tokenized).to.equal(before + 1);
    // More deltas re-render the tail holding the block: it stays highlighted at every frame
    // (no flicker) and is not tokenized again.
    for (const delta of ['\nA para', 'graph after', ' the code.\n\nAnd ', 'another one.']) {
      await feed(delta);
      [code] = codeOf(el);
      expect(spans(code!), `after ${JSON.stringify(delta)}`).to.be.greaterThan(0);
      await tick();
    }
    el.streaming = false;
    await el.updateComplete;
    await tick();
    [code] = codeOf(el);
    expect(spans(code!)).to.be.greaterThan(0);
    expect(stats.tokenized, 'tokenized once').to.equal(before + 1);
    expect(code!.textContent).to.equal('def f(x):\n    return x * 2  # double\n');
    expect(onlyTokenSpans(code!)).to.equal(true);
    expect(code!.querySelector('.token.keyword')!.textContent).to.equal('def');
  });

  it('takes a fence as closed only at a closing fence of its own kind and length', async () => {
    const el = await mountMarkdown('', true);
    const feed = async (delta: string) => {
      el.text += delta;
      await el.updateComplete;
      await tick();
      return spans(codeOf(el)[0]!);
    };
    expect(await feed('````md\n# Title\n```\n')).to.equal(0); // shorter: content
    expect(await feed('~~~~\n')).to.equal(0); // other kind: content
    expect(await feed('``')).to.equal(0); // half-typed
    await feed('``\n');
    await until(() => spans(codeOf(el)[0]!) > 0, 5000, 'closed by ````');
    expect(codeOf(el)[0]!.textContent).to.equal('# Title\n```\n~~~~\n');
  });

  it('leaves a block without a language, or with an unknown one, plain', async () => {
    const el = await mountMarkdown(
      '```\nconst a = 1;\n```\n\n```nosuchlang\nconst a = 1;\n```\n\n    const indented = 1;\n',
    );
    await tick();
    await tick();
    const codes = codeOf(el);
    expect(codes).to.have.length(3);
    for (const code of codes) {
      expect(code.children).to.have.length(0);
      expect(code.textContent).to.match(/const/);
    }
    expect(codes[1]!.className).to.equal('language-nosuchlang');
  });

  it('highlights a sample of every language with the right tokens and the same text', async () => {
    const langs = Object.keys(CODE_SAMPLES);
    const el = await mountMarkdown(
      langs.map((l) => `\`\`\`${l}\n${CODE_SAMPLES[l]!.code}\`\`\`\n`).join('\n'),
    );
    const codes = codeOf(el);
    await until(() => codes.every((c) => spans(c) > 0), 5000, 'every language');
    langs.forEach((lang, i) => {
      const code = codes[i]!;
      expect(code.textContent, lang).to.equal(CODE_SAMPLES[lang]!.code);
      expect(onlyTokenSpans(code), lang).to.equal(true);
      const found = new Set([...code.querySelectorAll('span')].flatMap((s) => [...s.classList]));
      for (const type of CODE_SAMPLES[lang]!.types)
        expect(found.has(type), `${lang}: a ${type} token`).to.equal(true);
    });
  });

  it('highlights the 11 code blocks of a 20,000-character reply without a long task', async () => {
    const langs = [
      'ts',
      'python',
      'bash',
      'json',
      'go',
      'rust',
      'java',
      'sql',
      'yaml',
      'cpp',
      'php',
    ];
    const parts: string[] = [];
    for (let i = 0; parts.join('\n').length < 20_000; i++) {
      parts.push(`## Section ${i}\n\nSome prose about part ${i}, with **bold** and \`code\`.\n`);
      if (i % 2 === 0 && i / 2 < langs.length) {
        const lang = langs[i / 2]!;
        const sample = CODE_SAMPLES[lang]!.code.repeat(
          Math.ceil(1100 / CODE_SAMPLES[lang]!.code.length),
        );
        parts.push(`\`\`\`${lang}\n${sample}\`\`\`\n`);
      }
    }
    const text = parts.join('\n').slice(0, 20_000);
    expect(text).to.have.length(20_000);
    expect((text.match(/^```\w+$/gm) ?? []).length).to.equal(11);

    const longTasks: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    });
    observer.observe({type: 'longtask'});
    // Time every task the add-on schedules.
    const realSetTimeout = window.setTimeout;
    const taskMs: number[] = [];
    window.setTimeout = ((fn: () => void, ms?: number) =>
      realSetTimeout(() => {
        const start = performance.now();
        fn();
        taskMs.push(performance.now() - start);
      }, ms)) as typeof setTimeout;
    const before = stats.tokenized;
    try {
      const el = await mountMarkdown('');
      await tick(); // the mount's own work is not the add-on's
      longTasks.length = 0;
      el.text = text; // renders at once (a reply restored from history)
      await el.updateComplete;
      const rendered = performance.now();
      longTasks.length = 0; // the markdown render itself is not highlighting
      const codes = codeOf(el);
      expect(codes).to.have.length(11);
      await until(() => codes.every((c) => spans(c) > 0), 10_000, 'all 11 blocks');
      const elapsed = performance.now() - rendered;
      await tick();
      console.log(
        `highlight: 11 blocks, ${text.length} chars: ${elapsed.toFixed(0)} ms wall, ` +
          `longest task ${Math.max(...taskMs).toFixed(1)} ms, long tasks: ${JSON.stringify(longTasks)}`,
      );
      expect(stats.tokenized - before).to.equal(11);
      expect(longTasks, 'long tasks while highlighting').to.deep.equal([]);
    } finally {
      window.setTimeout = realSetTimeout;
      observer.disconnect();
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no axe violations (contrast included) with highlighted code (${theme})`, async () => {
      const greeting = ['ts', 'diff', 'html', 'python', 'bash', 'css', 'markdown', 'json']
        .map((l) => `\`\`\`${l}\n${CODE_SAMPLES[l]!.code}\`\`\``)
        .join('\n\n');
      const el = await mountChat({attrs: {theme, greeting: `Code:\n\n${greeting}`}});
      const codes = () => deepAll(el, 'zaby-message', 'zaby-markdown', 'pre > code');
      await until(() => codes().length === 8 && codes().every((c) => spans(c) > 0), 5000, 'code');
      // Let the off-screen blocks settle (content-visibility: auto) before axe measures them.
      for (let i = 0; i < 3; i++) await new Promise(requestAnimationFrame);
      expect(await axeViolations(el)).to.deep.equal([]);
    });
  }

  it('has no axe violations on its own in a dark color-scheme page', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="color-scheme: dark; background: #111827; color: #f9fafb; padding: 8px">
        <zaby-markdown
          .text=${
            ['ts', 'diff', 'html', 'python', 'json', 'sql']
              .map((l) => `\`\`\`${l}\n${CODE_SAMPLES[l]!.code}\`\`\``)
              .join('\n\n') + '\n\nInline `code` too.'
          }
        ></zaby-markdown>
      </div>`,
    );
    const el = wrapper.querySelector('zaby-markdown')!;
    await until(() => codeOf(el).every((c) => spans(c) > 0), 5000, 'highlight');
    for (let i = 0; i < 3; i++) await new Promise(requestAnimationFrame);
    expect(await axeViolations(wrapper)).to.deep.equal([]);
  });

  it('keeps every token visible in forced-colors mode', async () => {
    const el = await mountMarkdown(`\`\`\`ts\n${CODE_SAMPLES['ts']!.code}\`\`\`\n`);
    const [code] = codeOf(el);
    await until(() => spans(code!) > 0, 5000, 'highlight');
    await emulateMedia({forcedColors: 'active'});
    try {
      const text = getComputedStyle(code!).color;
      for (const span of code!.querySelectorAll('span'))
        expect(getComputedStyle(span).color, span.className).to.equal(text);
    } finally {
      await emulateMedia({forcedColors: 'none'});
    }
  });
});
