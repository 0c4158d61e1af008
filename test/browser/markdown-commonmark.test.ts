import {expect} from '@open-wc/testing';
import {StreamingMarkdownRenderer} from '../../src/markdown/streaming-renderer.ts';
import {canonical, hasHtml, markedDom, ours} from './helpers/markdown.ts';

// Every example of the CommonMark spec (npm commonmark-spec, read from the repo's
// node_modules) renders as marked's own HTML renderer would, one-shot and streamed, except
// where safety decides (helpers/markdown.ts). We compare to marked, not to the spec's HTML.
// Left out: examples with raw HTML (we show it as text; the tests of that are in
// markdown-render.test.ts), and the ones listed in DEVIATIONS.

interface Example {
  markdown: string;
  section: string;
  number: number;
}

/** The spec's examples, extracted as commonmark-spec's own index.js does. */
async function examples(): Promise<Example[]> {
  const text = await (await fetch('/node_modules/commonmark-spec/spec.txt')).text();
  const out: Example[] = [];
  let section = '';
  const tests = text.replace(/\r\n?/g, '\n').replace(/^<!-- END TESTS -->(.|[\n])*/m, '');
  for (const m of tests.matchAll(
    /^`{32} example\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$|^#{1,6} *(.*)$/gm,
  )) {
    if (m[3] !== undefined) section = m[3];
    else out.push({markdown: m[1]!.replace(/→/g, '\t'), section, number: out.length + 1});
  }
  return out;
}

/** Examples where we deliberately differ from marked's output, and why. */
const DEVIATIONS: Record<number, string> = {
  300: "whitespace only: marked's HTML has a line break between the `<h2>` and the text after it",
  484: 'by design: a link with no text shows its URL (marked: an empty, unnamed link)',
};

function streamed(markdown: string, seed: number): string {
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const root = document.createElement('div');
  const renderer = new StreamingMarkdownRenderer(root);
  for (let at = 0; at < markdown.length;) {
    const next = at + 1 + Math.floor(random() * 6);
    renderer.append(markdown.slice(at, next));
    renderer.render();
    at = next;
  }
  renderer.finish();
  return canonical(root);
}

describe('the CommonMark spec examples', () => {
  let all: Example[] = [];
  before(async () => {
    all = await examples();
  });

  it('are all found (the spec has 652)', () => {
    expect(all).to.have.length(652);
  });

  it("render as marked's HTML renderer does, one-shot and streamed", () => {
    const failures: string[] = [];
    let compared = 0;
    let html = 0;
    for (const {markdown, section, number} of all) {
      if (number in DEVIATIONS) continue;
      if (hasHtml(markdown)) {
        html++;
        continue;
      }
      compared++;
      const expected = markedDom(markdown);
      const got = ours(markdown);
      if (got !== expected)
        failures.push(
          `#${number} (${section}) one-shot: ${JSON.stringify(markdown)}\n  got      ${got}\n  expected ${expected}`,
        );
      else {
        const s = streamed(markdown, number);
        if (s !== expected)
          failures.push(
            `#${number} (${section}) streamed: ${JSON.stringify(markdown)}\n  got      ${s}\n  expected ${expected}`,
          );
      }
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
    expect(compared + html + Object.keys(DEVIATIONS).length).to.equal(all.length);
    expect(compared).to.be.greaterThan(500);
  });
});
