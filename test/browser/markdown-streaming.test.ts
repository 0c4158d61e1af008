import {expect} from '@open-wc/testing';
import {renderMarkdown} from '../../src/markdown/render.ts';
import {lexStats, StreamingMarkdownRenderer} from '../../src/markdown/streaming-renderer.ts';
import {CORPUS} from './fixtures/markdown-corpus.ts';
import {LONG_BLOCKS} from './fixtures/markdown-long-blocks.ts';

// The streaming renderer against the real DOM and DOMPurify in Chromium. (It ran under
// jsdom once; DOMPurify there slows down with every call, and the suite took a minute.)

/** A task checkbox's id is unique on the page (it names the box): the same id for the comparison. */
const sameTaskIds = (html: string) => html.replace(/zaby-task-\d+/g, 'zaby-task');

function oneShot(text: string): string {
  const div = document.createElement('div');
  div.append(renderMarkdown(text));
  return sameTaskIds(div.innerHTML);
}

function streamed(text: string, cuts: number[]): string {
  const root = document.createElement('div');
  const renderer = new StreamingMarkdownRenderer(root);
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    renderer.append(text.slice(at, cut));
    renderer.render();
    at = cut;
  }
  renderer.finish();
  return sameTaskIds(root.innerHTML);
}

describe('streamed markdown equals the one-shot render', () => {
  for (const [name, doc] of Object.entries(CORPUS)) {
    it(`${name}: a cut at every position`, () => {
      const expected = oneShot(doc);
      for (let cut = 1; cut < doc.length; cut++) {
        const got = streamed(doc, [cut]);
        if (got !== expected) expect({cut, got}).to.deep.equal({cut, got: expected});
      }
    });

    it(`${name}: random small deltas, rendered after each`, () => {
      const expected = oneShot(doc);
      let seed = name.length * 7919;
      const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      for (let round = 0; round < 5; round++) {
        const cuts: number[] = [];
        for (let at = 0; at < doc.length;) {
          at += 1 + Math.floor(random() * 8);
          if (at < doc.length) cuts.push(at);
        }
        expect(streamed(doc, cuts), `round ${round}`).to.equal(expected);
      }
    });
  }
});

/** Cuts after every `step`-th line end, or every line end. */
const lineCuts = (text: string, step = 1) =>
  [...text.matchAll(/\n/g)].map((m) => m.index + 1).filter((_c, i) => i % step === step - 1);

/**
 * The root's canonical DOM with what only an open block has taken away: the tail's wrapper
 * and an open code block's line groups (`span.zaby-lines`, each its own layout block).
 */
function shown(root: HTMLElement): string {
  const copy = root.cloneNode(true) as HTMLElement;
  for (const wrapper of copy.querySelectorAll('.zaby-tail, .zaby-lines'))
    wrapper.replaceWith(...wrapper.childNodes);
  copy.normalize();
  return sameTaskIds(copy.innerHTML);
}

describe('long blocks: streamed equals the one-shot render', () => {
  for (const [name, doc] of Object.entries(LONG_BLOCKS)) {
    it(`${name}: one line per delta, and random small deltas`, () => {
      const expected = oneShot(doc);
      expect(streamed(doc, lineCuts(doc)), 'one line per delta').to.equal(expected);
      let seed = name.length * 104729;
      const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      const cuts: number[] = [];
      for (let at = 0; at < doc.length;) {
        at += 1 + Math.floor(random() * 12);
        if (at < doc.length) cuts.push(at);
      }
      expect(streamed(doc, cuts), 'random deltas').to.equal(expected);
    });

    it(`${name}: mid-stream, after a whole line, shows what a one-shot render of the text so far shows`, () => {
      const root = document.createElement('div');
      const renderer = new StreamingMarkdownRenderer(root);
      let at = 0;
      for (const cut of lineCuts(doc, 23)) {
        renderer.append(doc.slice(at, cut));
        renderer.render();
        at = cut;
        const prefix = doc.slice(0, cut);
        expect(shown(root), JSON.stringify(prefix.slice(-80))).to.equal(oneShot(prefix));
      }
    });
  }
});

describe('streaming markdown cost', () => {
  for (const name of ['code2000', 'tightList1000', 'table500', 'turnsLoose'] as const) {
    it(`characters lexed per line stay flat inside one long block: ${name}`, () => {
      const doc = LONG_BLOCKS[name]!;
      const root = document.createElement('div');
      const renderer = new StreamingMarkdownRenderer(root);
      const perDelta: number[] = [];
      let at = 0;
      for (const cut of lineCuts(doc)) {
        renderer.append(doc.slice(at, cut));
        at = cut;
        const before = lexStats.chars;
        renderer.render();
        perDelta.push(lexStats.chars - before);
      }
      renderer.finish();
      // The last lines close the block (parsed once, whole): leave them out.
      const inside = perDelta.slice(0, -4);
      const tenth = Math.floor(inside.length / 10);
      const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(avg(inside.slice(-tenth))).to.be.lessThan(avg(inside.slice(0, tenth)) * 1.5 + 20);
      // A whole-block re-parse happens only on entering (a list, again when it turns loose).
      expect(
        inside.filter((n) => n > 1000).length,
        String(inside.filter((n) => n > 1000)),
      ).to.be.at.most(1);
    });
  }

  it('never touches a finished code line, list item or table row again', async () => {
    const root = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(root);
    const changes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => changes.push(...records));
    const watch = (node: Node) =>
      observer.observe(node, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    const feed = (text: string) => {
      for (const line of text.split(/(?<=\n)/)) {
        renderer.append(line);
        renderer.render();
      }
    };
    feed('```\nline 1\nline 2\n');
    const code = root.querySelector('code')!;
    // The finished lines' text (in the open block's first group of lines).
    const first = code.querySelector('.zaby-lines')!.firstChild!;
    watch(first);
    feed('- one *a*\n- two\n- three\n');
    feed('line 3\nline 4\n');
    expect(root.querySelector('code')).to.equal(code);
    feed('```\n\n- one *a*\n- two\n- three\n');
    const li = root.querySelector('.zaby-tail li')!;
    watch(li);
    feed('- four\n- five\n\n| a | b |\n| - | - |\n| 1 | 2 |\n| 3 | 4 |\n');
    const tr = root.querySelector('.zaby-tail tbody tr')!;
    watch(tr);
    feed('| 5 | 6 |\n| 7 | 8 |\n');
    await Promise.resolve();
    expect(changes).to.have.lengthOf(0);
    expect(root.contains(li), 'the list item').to.equal(false); // the list was committed, whole
    expect(root.contains(tr), 'the row').to.equal(true);
    expect(root.querySelectorAll('.zaby-tail tbody tr')).to.have.length(4);
    observer.disconnect();
  });

  it('an open code block grows in groups of 64 lines: a full group is never touched again', async () => {
    const root = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(root);
    const lines = Array.from({length: 200}, (_v, i) => `let x${i} = ${i};\n`);
    renderer.append('```js\n');
    for (const line of lines.slice(0, 100)) {
      renderer.append(line);
      renderer.render();
    }
    const code = root.querySelector('code')!;
    const groups = () => [...code.querySelectorAll(':scope > .zaby-lines')];
    expect(groups()).to.have.length(2);
    const changes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => changes.push(...records));
    observer.observe(groups()[0]!, {subtree: true, childList: true, characterData: true});
    for (const line of lines.slice(100)) {
      renderer.append(line);
      renderer.render();
    }
    await Promise.resolve();
    observer.disconnect();
    expect(changes).to.have.lengthOf(0);
    // 199 finished lines (the last shows once a line follows): 64, 64, 64 and 7 + the open one.
    expect(groups().map((g) => g.textContent!.split('\n').length - 1)).to.deep.equal([
      64, 64, 64, 8,
    ]);
    expect(code.textContent).to.equal(lines.join(''));
    renderer.append('```\n');
    renderer.finish();
    // Closed, the block is one run of text, as a one-shot render makes it.
    expect(root.querySelector('code')!.childElementCount).to.equal(0);
    expect(root.querySelector('code')!.textContent).to.equal(lines.join(''));
  });

  it('keeps the open paragraph and its text nodes as it grows: a selection in it stays', () => {
    const root = document.createElement('div');
    document.body.append(root);
    const renderer = new StreamingMarkdownRenderer(root);
    renderer.append('Hello **bold** wor');
    renderer.render();
    const p = root.querySelector('p')!;
    const text = p.firstChild as Text;
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, 5);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    for (const delta of ['ld', ', and', ' *more*', ' text']) {
      renderer.append(delta);
      renderer.render();
    }
    expect(root.querySelector('p')).to.equal(p);
    expect(p.firstChild).to.equal(text);
    expect(getSelection()!.toString()).to.equal('Hello');
    expect(p.textContent).to.equal('Hello bold world, and more text');
    getSelection()!.removeAllRanges();
    root.remove();
  });

  it('characters lexed per delta stay flat as the message grows', () => {
    const doc = Array.from(
      {length: 30},
      (_v, i) =>
        `## Section ${i}\n\nSome text for section ${i}, with **bold** and a [link](https://example.com/${i}).\n\n- a\n- b\n`,
    ).join('\n');
    const root = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(root);
    const perDelta: number[] = [];
    for (let at = 0; at < doc.length; at += 4) {
      renderer.append(doc.slice(at, at + 4));
      const before = lexStats.chars;
      renderer.render();
      perDelta.push(lexStats.chars - before);
    }
    renderer.finish();
    const tenth = Math.floor(perDelta.length / 10);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = avg(perDelta.slice(0, tenth));
    const last = avg(perDelta.slice(-tenth));
    expect(last).to.be.lessThan(first * 1.5);
    expect(Math.max(...perDelta)).to.be.lessThan(400);
    expect(renderer.committedBlocks).to.be.greaterThan(50);
  });

  it('never touches a committed block again', async () => {
    const root = document.createElement('div');
    const renderer = new StreamingMarkdownRenderer(root);
    renderer.append('# Title\n\nFirst paragraph.\n\nSecond');
    renderer.render();
    const h1 = root.querySelector('h1')!;
    const p = root.querySelector('p')!;
    const changes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => changes.push(...records));
    observer.observe(h1, {subtree: true, childList: true, characterData: true, attributes: true});
    observer.observe(p, {subtree: true, childList: true, characterData: true, attributes: true});
    for (const delta of [
      ' paragraph',
      ' goes on.',
      '\n\nThird.',
      '\n\n| a | b |\n| - | - |\n| 1 | 2 |',
    ]) {
      renderer.append(delta);
      renderer.render();
    }
    renderer.finish();
    await Promise.resolve();
    observer.disconnect();
    expect(changes).to.have.lengthOf(0);
    expect(root.querySelector('h1')).to.equal(h1);
    expect(root.querySelector('p')).to.equal(p);
  });

  it('flashes no emphasis, strike or code markers at any cut', () => {
    const doc =
      'Some _light_ and __strong__, ***both***, **bold *mixed***, ~~gone~~, ``double`` and ' +
      '`code`; a snake_case_name stays.\n\n- item with *em*\n- item with **strong** and _u_\n\n' +
      '| a | b |\n| --- | --- |\n| **x** | _y_ |\n\nEnd with *one **two** one*.\n';
    for (let cut = 1; cut < doc.length; cut++) {
      const root = document.createElement('div');
      const renderer = new StreamingMarkdownRenderer(root);
      renderer.append(doc.slice(0, cut));
      renderer.render();
      const text = (root.textContent ?? '').replace(/snake_[a-z_]*/, '');
      expect(
        text,
        `cut ${cut}: ${JSON.stringify(doc.slice(0, cut))} shows ${JSON.stringify(text)}`,
      ).not.to.match(/[*_~`]/);
    }
  });

  it('flashes no raw syntax while a table, link or emphasis streams in', () => {
    const doc =
      'Look at [this link](https://example.com) and **that**.\n\n| Plan | Price |\n| --- | --- |\n| Free | 0 |\n';
    for (let cut = 1; cut < doc.length; cut++) {
      const root = document.createElement('div');
      const renderer = new StreamingMarkdownRenderer(root);
      renderer.append(doc.slice(0, cut));
      renderer.render();
      const text = root.textContent ?? '';
      expect(text, `cut ${cut}: ${JSON.stringify(text)}`).not.to.match(/\]\(|\*\*|\|\s*---|^\|/m);
    }
  });
});
