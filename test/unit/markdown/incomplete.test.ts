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
  ])('%s', (_name, input, expected) => {
    expect(completeForDisplay(input)).toBe(expected);
  });
});
