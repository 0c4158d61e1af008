/** Long canned replies of the scripted agent. */

/** A reply that uses every markdown feature the element renders. */
export function markdownReply(): string {
  return `# Markdown tour

Here is **bold**, *italic*, ~~struck~~ and \`inline code\`, plus a [link to the docs](https://example.com/docs "Docs")
and an email link: <mailto:help@example.com>.

## Lists

1. First step
2. Second step, with a nested list:
   - a bullet
   - another bullet
     1. deeper, numbered
3. Third step

- [x] a finished task
- [ ] an open task

## A table

| Plan | Price | Runs / month |
| :--- | ---: | :---: |
| Free | €0 | 100 |
| Team | €49 | 10,000 |
| Scale | €499 | unlimited |

## Code in three languages

\`\`\`ts
export function greet(name: string): string {
  return \`Hello, \${name}!\`;
}
\`\`\`

\`\`\`python
def greet(name: str) -> str:
    return f"Hello, {name}!"
\`\`\`

\`\`\`bash
curl -s http://localhost:9080/api/v1/health | jq .status
\`\`\`

### A quote

> Simplicity is prerequisite for reliability.
>
> — Edsger W. Dijkstra

---

That's every feature: headings, lists, a table, code, a blockquote, links and inline code.
`;
}

const TOPICS = [
  'streaming',
  'approvals',
  'tokens',
  'resume',
  'markdown',
  'accessibility',
  'security',
  'themes',
];

/** A ~20,000-character markdown reply (benchmarks): sections of prose, lists, a table, code. */
export function longReply(): string {
  const parts: string[] = [
    '# A long answer\n\nThis reply is long on purpose, to measure streaming.\n',
  ];
  let section = 0;
  while (parts.join('\n').length < 19_000) {
    const topic = TOPICS[section % TOPICS.length]!;
    section++;
    parts.push(`## ${section}. On ${topic}\n`);
    parts.push(
      `Paragraph ${section} talks about **${topic}** with some *emphasis*, a bit of \`code\`, ` +
        `and a [reference](https://example.com/${topic}). It goes on for a while so that the text ` +
        'has the shape of a real answer: sentences of ordinary length, one after another, with ' +
        'the occasional comma, and a full stop at the end.\n',
    );
    parts.push(
      `- point one about ${topic}\n- point two, with detail\n  - a nested point\n- point three\n`,
    );
    if (section % 3 === 0) {
      parts.push(
        `| key | value |\n| --- | --- |\n| topic | ${topic} |\n| section | ${section} |\n`,
      );
    }
    if (section % 4 === 0) {
      parts.push(
        `\`\`\`js\nconst ${topic.replace(/\W/g, '')} = ${section};\nconsole.log(${topic.replace(/\W/g, '')});\n\`\`\`\n`,
      );
    }
    if (section % 5 === 0) parts.push(`> A quote about ${topic}.\n`);
  }
  return parts.join('\n').slice(0, 20_000);
}
