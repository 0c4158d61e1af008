import {describe, expect, test} from 'vitest';
import {completeForDisplay} from '../../../src/markdown/incomplete.ts';

// Pure string work; the DOM side of streaming markdown is tested in real Chromium
// (test/browser/markdown-streaming.test.ts).
describe('display completion of the open tail', () => {
  test.each([
    ['an open code fence stays a code block', '```js\nconst a = 1;', '```js\nconst a = 1;'],
    ['a half link shows only its text', 'See [the docs](https://exa', 'See the docs'],
    ['a link label still open', 'See [the do', 'See the do'],
    ['an unclosed bold is closed', 'This is **very', 'This is **very**'],
    ['an unclosed code span is closed', 'Run `npm te', 'Run `npm te`'],
    ['a table header alone is held back', 'Intro\n\n| a | b |', 'Intro\n'],
    ['a half delimiter row is held back', 'Intro\n\n| a | b |\n| --- | -', 'Intro\n'],
    ['a bare heading marker is dropped', 'Text\n\n##', 'Text\n\n'],
    ['a bare list marker is dropped', '- one\n-', '- one\n'],
    ['a half tag is dropped', 'a <b', 'a '],
    ['a half tag after another is dropped from the first', 'a <b <c', 'a '],
    ['a closed tag stays, the open one after it goes', 'a <b>x</b> and <i', 'a <b>x</b> and '],
    ['a comparison is not a tag', 'if a < b', 'if a < b'],
    ['an unclosed underscore emphasis is closed', 'some _emph', 'some _emph_'],
    ['intraword underscores open nothing', 'a snake_case_name', 'a snake_case_name'],
    ['a triple star closes with three', 'a ***both', 'a ***both***'],
    ['nested emphasis closes innermost first', 'a **bold *both', 'a **bold *both***'],
    ['a partly closed triple star closes the rest', 'a ***both**', 'a ***both***'],
    ['a strike is closed', 'x ~~gone', 'x ~~gone~~'],
    ['a double-backtick span closes with two', 'a ``x ` y', 'a ``x ` y``'],
    ['a closing run half-way in is completed', 'a ``x`', 'a ``x``'],
    ['emphasis opened before an open code span closes after it', '**run `npm', '**run `npm`**'],
    ['opening backticks alone are dropped', 'run ``', 'run '],
    [
      'a trailing delimiter run opens nothing and is dropped',
      'a **bold** and **',
      'a **bold** and ',
    ],
    ['closers go before trailing spaces and line breaks', 'a **bold \n', 'a **bold**'],
    ['an escaped star opens nothing', 'a \\*b', 'a \\*b'],
    ['a list marker star is not emphasis', '* item *em', '* item *em*'],
    ['emphasis does not continue into the next list item', '- a *b\n- c', '- a *b\n- c'],
    [
      'emphasis does not cross table cells',
      '| a | b |\n| --- | --- |\n| **x** | *y',
      '| a | b |\n| --- | --- |\n| **x** | *y*',
    ],
    ['markers inside a code span are text', 'a `x * y` and *em', 'a `x * y` and *em*'],
    ['a code span just opened inside bold: the bold is closed', '**bold `', '**bold**'],
    ['a code span just opened after a bare opener: both held back', 'Use **`', 'Use '],
    [
      'a closed fence with a blank line inside is left alone',
      '```py\nx = 1\n\ny = a*b\n```\n',
      '```py\nx = 1\n\ny = a*b\n```\n',
    ],
    [
      'a backtick inside a closed fence opens no span',
      '```sh\nls\n\necho `date\n```\n',
      '```sh\nls\n\necho `date\n```\n',
    ],
    ['a closed tilde fence is left alone', '~~~\nfoo *x\n~~~\n', '~~~\nfoo *x\n~~~\n'],
    ['emphasis continues across the lines of a quote', '> **a\n> b', '> **a\n> b**'],
    ['a backslash before a line break escapes nothing', '**a\\\n- b', '**a\\\n- b'],
    ['a code span does not continue into the next list item', '- a `b\n- c', '- a `b\n- c'],
    ['a trailing closer with no opener is held back', 'x *a* b*', 'x *a* b'],
  ])('%s', (_name, input, expected) => {
    expect(completeForDisplay(input)).toBe(expected);
  });
});

describe('display completion on very long lines', () => {
  // It runs on every streamed frame (~20 per second): a 200,000-character line must take
  // milliseconds. The old table and tag checks rescanned the line from every position
  // (seconds here); the bound is wide so only that kind of regression trips it.
  test.each([
    ['prose without a line break', 'lorem ipsum dolor '.repeat(11_000)],
    ['many less-than signs', 'x<y '.repeat(50_000)],
    ['many pipes', 'a | b '.repeat(33_000)],
    ['dashes and pipes', '| --- '.repeat(33_000)],
    // Many openers of one marker and closers of another: each closer must not search them all.
    ['unmatched stars and underscores', '*a '.repeat(40_000) + 'b_ '.repeat(40_000)],
    ['unmatched stars and tildes', '*a '.repeat(40_000) + 'a~ '.repeat(40_000)],
  ])('%s', (_name, line) => {
    const started = performance.now();
    for (let i = 0; i < 5; i++) completeForDisplay(`Intro\n\n${line}`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
