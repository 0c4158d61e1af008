/**
 * The least a page can do to show a stream as it arrives: the text, unrendered, in the
 * shapes of its blocks. A paragraph grows by `appendData` (a line that may start a block
 * waits for its line break); a blank line ends it. A table row, a list item (nested under
 * the item above when indented) and a code block's lines go into rows, items and one code
 * element, their text as it is (no inline markdown), so the block workloads lay out the same
 * kinds of boxes zaby-chat's do.
 */
export class PlainText {
  readonly #root: HTMLElement;
  /** How much of the text is shown (never before its current line's start), and that start. */
  #shown = 0;
  #lineStart = 0;
  #block: 'none' | 'p' | 'table' | 'list' | 'code' = 'none';
  /** The open paragraph's or code block's text node. */
  #text = new Text('');
  /** The open table's body, or the open list. */
  #rows: HTMLElement | undefined;

  constructor(root: HTMLElement) {
    this.#root = root;
  }

  /** Shows what `text` (the whole text so far) has beyond what was shown. */
  show(text: string): void {
    for (let end = text.indexOf('\n', this.#lineStart); ; end = text.indexOf('\n', end + 1)) {
      if (end === -1) {
        const rest = text.slice(this.#lineStart);
        // A partial line shows unless it may turn out to be a fence, row or item.
        if (rest && !(this.#block === 'code' ? /^`/ : /^[|`\s-]/).test(rest))
          this.#appendText(text);
        return;
      }
      this.#line(text.slice(this.#lineStart, end), text, end);
      this.#lineStart = this.#shown = end + 1;
    }
  }

  #line(line: string, text: string, end: number): void {
    if (this.#block === 'code') {
      if (line.startsWith('```')) this.#block = 'none';
      else this.#appendText(text, end + 1);
      return;
    }
    if (line.startsWith('```')) {
      const code = document.createElement('code');
      this.#root.appendChild(document.createElement('pre')).append(code);
      this.#text = code.appendChild(new Text(''));
      this.#block = 'code';
    } else if (line.startsWith('|')) {
      if (this.#block !== 'table') {
        const table = this.#root.appendChild(document.createElement('table'));
        this.#rows = table.appendChild(document.createElement('tbody'));
        this.#block = 'table';
      }
      if (/^\|[\s:|-]+\|\s*$/.test(line)) return; // the delimiter row
      const row = this.#rows!.appendChild(document.createElement('tr'));
      for (const cell of line.slice(1, line.lastIndexOf('|')).split('|'))
        row.appendChild(document.createElement('td')).textContent = cell.trim();
    } else if (/^\s*- /.test(line)) {
      if (this.#block !== 'list') {
        this.#rows = this.#root.appendChild(document.createElement('ul'));
        this.#block = 'list';
      }
      let list = this.#rows!;
      if (line.startsWith(' ') && list.lastElementChild)
        list =
          list.lastElementChild.querySelector('ul') ??
          list.lastElementChild.appendChild(document.createElement('ul'));
      list.appendChild(document.createElement('li')).textContent = line.trim().slice(2);
    } else if (!line.trim()) {
      this.#block = 'none';
    } else {
      this.#appendText(text, end + 1);
    }
  }

  /** Appends the text from what is shown up to `end` to the open paragraph (or code block). */
  #appendText(text: string, end = text.length): void {
    if (this.#block !== 'p' && this.#block !== 'code') {
      this.#text = this.#root.appendChild(document.createElement('p')).appendChild(new Text(''));
      this.#block = 'p';
    }
    this.#text.appendData(text.slice(this.#shown, end));
    this.#shown = end;
  }
}
