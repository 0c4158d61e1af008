/**
 * The benchmark workloads. A: one ~20,000-character markdown reply (headings, nested
 * lists, tables, fenced code blocks in three languages (11 in all), blockquotes, links,
 * inline code). B: short ~1,000-character replies for a 200-turn conversation. Both end with a sentinel word so a
 * page can tell when the final text is in the DOM.
 */
import type {Stream} from './server.ts';

export const SENTINEL = 'ZZENDZZ';

const SECTION = (i: number) => `## Section ${i}: streaming

Paragraph ${i} explains **streaming** with *emphasis*, \`inline code\` and a [link](https://example.com/${i}).
It is long enough to wrap a few times in a narrow chat panel, like a real answer would.

1. First point of section ${i}
2. Second point, with a nested list:
   - nested a
   - nested b
3. Third point

`;

const EXTRAS = [
  '| Plan | Price | Runs |\n| --- | ---: | :---: |\n| Free | €0 | 100 |\n| Team | €49 | 10,000 |\n| Scale | €499 | unlimited |\n\n',
  '```ts\nexport function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n```\n\n',
  '```python\ndef greet(name: str) -> str:\n    return f"Hello, {name}!"\n```\n\n',
  '```bash\ncurl -s http://localhost:9080/api/v1/health | jq .status\n```\n\n',
  '> A blockquote, as replies sometimes quote the question.\n> It has two lines.\n\n',
];

/** Workload A: ~20,000 characters of markdown. */
export function longReply(): string {
  let text = '# A long answer\n\n';
  for (let i = 1; text.length < 19_900; i++) {
    text += SECTION(i);
    if (i % 3 === 0) text += EXTRAS[(i / 3 - 1) % EXTRAS.length];
  }
  return `${text}Done. ${SENTINEL}\n`;
}

/** Workload B: one ~1,000-character reply. */
export function shortReply(turn: number): string {
  let text = `### Reply ${turn}\n\n`;
  while (text.length < 950) {
    text += `Some text for reply ${turn} with **bold**, a [link](https://example.com/${turn}) and \`code\`. `;
  }
  return `${text}\n\nEnd ${SENTINEL}\n`;
}

/** Splits text into `count` nearly equal deltas (never inside a surrogate pair). */
export function split(text: string, size: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

/** Workload A as streamed: paced = 100 deltas/s over 20 s (2,000 deltas of ~10 characters); flood = ~4-character deltas. */
export function streamA(paced: boolean): Stream {
  const text = longReply();
  return paced
    ? {deltas: split(text, Math.ceil(text.length / 2000)), intervalMs: 10}
    : {deltas: split(text, 4), intervalMs: 0};
}

/** Workload B as streamed: the reply for input `turn N`, flood. */
export function streamB(input: string): Stream {
  return {deltas: split(shortReply(Number(input.replace(/\D/g, '')) || 0), 4), intervalMs: 0};
}

/** Block workloads: one long block, one line per delta, 125 lines/s (issue 16). */
export const BLOCK_LINES = {code: 1500, list: 600, table: 600} as const;
export type BlockKind = keyof typeof BLOCK_LINES;
const LINE_MS = 8;

/** The lines of one long block of `kind`, each ending in a line break, then the sentinel. */
export function blockLines(kind: BlockKind): string[] {
  const n = BLOCK_LINES[kind];
  const lines: string[] = [];
  if (kind === 'code') {
    lines.push('```ts\n');
    for (let i = 1; i <= n; i++)
      lines.push(
        `  const value${i} = compute(${i}, "line ${i}", {retry: ${i % 5}}); // step ${i}\n`,
      );
    lines.push('```\n');
  } else if (kind === 'list') {
    // A tight list with a nested item under every fifth.
    for (let i = 1; i <= n; i++)
      lines.push(
        i % 5 === 0
          ? `  - nested under ${i - 1}, with \`code\`\n`
          : `- item ${i} with **bold** text\n`,
      );
  } else {
    lines.push('| # | name | price | status |\n', '| ---: | --- | ---: | :---: |\n');
    for (let i = 1; i <= n; i++) lines.push(`| ${i} | row **${i}** | €${i * 3} | ok |\n`);
  }
  lines.push(`\nDone. ${SENTINEL}\n`);
  return lines;
}

/** A block workload as streamed: one line per delta at 125 lines/s. */
export function streamBlock(kind: BlockKind): Stream {
  return {deltas: blockLines(kind), intervalMs: LINE_MS};
}

/** The plain 4-character-delta stream at 100 deltas/s: the first 8,000 characters of workload A (20 s). */
export function streamPaced4(): Stream {
  const text = longReply();
  const cut = text.lastIndexOf('\n\n', 8_000);
  return {deltas: split(`${text.slice(0, cut)}\n\nDone. ${SENTINEL}\n`, 4), intervalMs: 10};
}
