/** Markdown documents for the streamed-vs-one-shot equivalence tests. */
export const CORPUS: Record<string, string> = {
  headingsAndEmphasis: '# Title\n\nSome *em*, **strong**, ~~del~~ and `code`.\n\nSetext heading\n---\n\nAnother\n===\n\nEnd.\n',
  nestedLists: '1. one\n2. two\n   - a\n   - b\n     1. deep\n3. three\n\n- tight\n- list\n\n- loose\n\n- list\n\nAfter.\n',
  table: 'Intro\n\n| Plan | Price | Runs |\n| :--- | ---: | :---: |\n| Free | €0 | 100 |\n| Team | €49 | 10,000 |\n\nAfter the table.\n',
  codeFences: 'Code:\n\n```ts\nconst a = `tpl ${1}`;\n\nconst b = 2; // blank line above\n```\n\n```python\ndef f():\n    return "```"\n```\n\n~~~bash\necho hi\n~~~\n\nDone.\n',
  blockquoteWithList: '> A quote\n> - with a list\n> - of two\n>\n> and more\n\nOutside.\n',
  referenceLinks: 'See [the docs][docs] and [home].\n\nMore text here.\n\n[docs]: https://example.com/docs "Docs"\n[home]: https://example.com/\n',
  htmlLooking: 'Use <b>bold</b> or <script>alert(1)</script> and a < b > c, &amp; &copy;.\n\n<div onclick="x()">block html</div>\n\nEnd.\n',
  unicode: 'Grüße 🌦️ aus Zürich — 日本語のテキスト.\n\n- emoji 👩‍👩‍👧 list\n- مرحبا\n\n**fin** ✅\n',
  crlf: 'Line one\r\nLine two\r\n\r\n- item\r\n- item two\r\n\r\n```\r\ncode\r\n```\r\n',
  links: 'Auto https://example.com/x, [inline](https://e.com "t"), [bad](javascript:alert(1)), <mailto:a@b.c>, ![img](https://e.com/i.png).\n',
};
