import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {expect, test} from 'vitest';
import {sseParserFold} from '../../../build/vite-plugins.ts';

// The script-tag bundle parses SSE with eventsource-parser as this plugin leaves it: run
// with the options src/protocol/sse.ts passes (onEvent, onError), it must report the same
// events and errors as the published parser, on every framing and at every chunk split.
const require = createRequire(import.meta.url);
const id = require.resolve('eventsource-parser').replace(/[^/\\]*$/, 'index.js');
const original = readFileSync(id, 'utf8');

type Transform = (code: string, id: string) => {code: string} | null;
const transform = sseParserFold().transform as Transform;

type Parser = {feed(chunk: string): void; reset(options?: {consume?: boolean}): void};
type CreateParser = (config: {onEvent(e: unknown): void; onError(e: unknown): void}) => Parser;

async function load(code: string): Promise<CreateParser> {
  const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
  return ((await import(url)) as {createParser: CreateParser}).createParser;
}

const streams = [
  'id: 1\nevent: text\ndata: {"a":1}\n\n: ping\n\ndata: two\ndata: lines\n\n',
  'id: 1\r\nevent: text\r\ndata: crlf\r\n\r\n:ping\r\n\r\nretry: 100\r\ndata: x\r\n\r\n',
  'data: cr\r\revent:e\rdata:lone\r\r',
  '\ufeffdata: bom\n\nretry: soon\nfoo: bar\nthisisaverylongunknownfieldname: v\nid: a\0b\ndata: y\n\n',
  'data\n\nid\ndata: end without blank line',
];

test('the folded parser reports what the published one does', async () => {
  const out = transform.call({}, original, id);
  expect(out).not.toBeNull();
  const folded = out!.code;
  expect(folded).not.toMatch(/maxBufferSize|onRetry|onComment/);
  const parsers = await Promise.all([load(original), load(folded)]);
  for (const stream of streams) {
    for (let split = 0; split <= stream.length; split++) {
      const [expected, actual] = parsers.map((createParser) => {
        const log: unknown[] = [];
        const parser = createParser({
          onEvent: (event) => log.push(['event', event]),
          onError: (error) => log.push(['error', {...(error as object)}, String(error)]),
        });
        parser.feed(stream.slice(0, split));
        parser.feed(stream.slice(split));
        parser.feed('\n');
        parser.reset({consume: true});
        parser.feed('data: after reset\n\n');
        return log;
      });
      expect(actual, `${JSON.stringify(stream)} split at ${split}`).toEqual(expected);
    }
  }
});

test('a createParser call under src/ that passes a folded option fails the build', () => {
  const call = (config: string) =>
    transform.call(
      {},
      `import {createParser} from 'eventsource-parser';\ncreateParser(${config});`,
      '/x/src/protocol/sse.ts',
    );
  expect(call('{onEvent() {}, onError: () => {}}')).toBeNull();
  for (const config of [
    '{onEvent() {}, onRetry() {}}',
    '{onEvent() {}, onComment: () => {}}',
    '{maxBufferSize: 10}',
    '{...options}',
    'options',
  ])
    expect(() => call(config), config).toThrow(/zaby-sse-parser-fold/);
});

test('src/protocol/sse.ts passes none of the folded options', () => {
  const path = new URL('../../../src/protocol/sse.ts', import.meta.url).pathname;
  expect(() => transform.call({}, readFileSync(path, 'utf8'), path)).not.toThrow();
  expect(readFileSync(path, 'utf8')).toContain('createParser({');
});
