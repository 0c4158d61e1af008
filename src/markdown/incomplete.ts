/**
 * "Complete the open tail for display": while a reply streams, its last block may end in
 * the middle of a construct. These string rewrites keep raw syntax from flashing; they are
 * applied to the open tail only, and never to the final render.
 */

const FENCE_LINE = /^ {0,3}(?:```|~~~).*$/gm;

/** Whether the last fence line opened a code block that is still open, and where the text after it starts. */
function lastFence(text: string): {open: boolean; after: number} {
  let open = false;
  let after = 0;
  FENCE_LINE.lastIndex = 0;
  for (let m = FENCE_LINE.exec(text); m; m = FENCE_LINE.exec(text)) {
    open = !open;
    after = m.index + m[0].length;
  }
  return {open, after};
}

/** Drops a last line that is only a block marker so far (`#`, `-`, `1.`, `>`, `|`, `` ` ``). */
function dropBareMarker(text: string): string {
  return text.replace(/(^|\n)[ \t]*(#{1,6}|[-*+]|\d{1,9}[.)]|>|\||`{1,2}|~{1,2})[ \t]*$/, '$1');
}

/**
 * A table shows only once its delimiter row is complete: a header line (or a header plus a
 * half-typed delimiter) at the end is held back.
 */
function holdHalfTable(text: string): string {
  const lines = text.split('\n');
  const last = lines.length - 1;
  // Linear checks only: these run on every streamed frame, and a line can be 100k long.
  const isRow = (l: string | undefined) =>
    l !== undefined && (l.trimStart().startsWith('|') || l.trimEnd().endsWith('|'));
  const isDelimiter = (l: string | undefined) =>
    l !== undefined &&
    /^[\s:|-]*$/.test(l) &&
    /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(l);
  const cells = (l: string) => l.replace(/^\s*\||\|\s*$/g, '').split('|').length;
  // A header row alone, at the end, not part of a table above it.
  if (
    isRow(lines[last]) &&
    !isDelimiter(lines[last]) &&
    !isDelimiter(lines[last - 1]) &&
    !isRow(lines[last - 1])
  ) {
    return lines.slice(0, last).join('\n');
  }
  // A header followed by a delimiter row still being typed.
  if (
    isRow(lines[last - 1]) &&
    !isRow(lines[last - 2]) &&
    /^\s*\|?[\s:|-]*$/.test(lines[last] ?? '') &&
    (!isDelimiter(lines[last]) || cells(lines[last]!) < cells(lines[last - 1]!))
  ) {
    return lines.slice(0, last - 1).join('\n');
  }
  return text;
}

/** `[text](htt` → `text`; `[text` → `text`; `[text]` at the very end → `text`; images alike. */
function closeLink(text: string): string {
  const lineStart = text.lastIndexOf('\n') + 1;
  const open = text.lastIndexOf('[');
  if (open < lineStart) return text;
  const after = text.slice(open);
  const partial =
    /^\[([^\]]*)\]\([^)]*$/.exec(after) ??
    /^\[([^\]]*)\]\[[^\]]*$/.exec(after) ??
    /^\[([^\]]*)\]?$/.exec(after);
  if (!partial) return text;
  const bang = open > lineStart && text[open - 1] === '!' ? 1 : 0;
  return text.slice(0, open - bang) + (partial[1] ?? '');
}

/**
 * A line that starts a list item or a heading: neither emphasis nor a code span continues
 * into it. (A `>` line may continue the quote's paragraph, so it resets nothing.)
 */
const BLOCK_START = /[ \t]*(?:[-*+]|\d{1,9}[.)]|#{1,6})[ \t]/y;

const isSpace = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n';
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

type Marker = '*' | '_' | '~';
interface Opener {
  /** Order of opening, across markers. */
  at: number;
  count: number;
}

/**
 * Closes the emphasis (`*`, `_`), strike (`~`) and code spans left open in the last
 * paragraph, innermost first, as CommonMark would pair them (simplified: flanking by
 * whitespace, and no intraword `_`). A delimiter run at the very end that closes nothing,
 * and a code span's opening backticks with nothing after them yet, are dropped rather than
 * shown. One pass, linear in the paragraph: a stack per marker.
 */
function closeInline(text: string, afterFence: number): string {
  // The last paragraph: after the last blank line, and after the last (closed) fence.
  let lineStart = Math.min(text.length, Math.max(text.lastIndexOf('\n\n') + 1, afterFence));
  const stacks: Record<Marker, Opener[]> = {'*': [], _: [], '~': []};
  const reset = () => {
    stacks['*'] = [];
    stacks['_'] = [];
    stacks['~'] = [];
  };
  let opened = 0;
  let code = 0; // the open code span's backtick count
  let codeAt = -1;
  let tableRow = false;
  let unused = 0;
  const newLine = (at: number) => {
    lineStart = at;
    BLOCK_START.lastIndex = at;
    if (BLOCK_START.test(text)) {
      reset();
      code = 0;
    }
    tableRow = text
      .slice(at, at + 64)
      .trimStart()
      .startsWith('|');
  };
  newLine(lineStart);
  for (let i = lineStart; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      newLine(i + 1);
      continue;
    }
    let n = 1;
    while (text[i + n] === c && (c === '`' || c === '*' || c === '_' || c === '~')) n++;
    if (code) {
      if (c === '`' && n === code) code = 0;
      i += n - 1;
    } else if (c === '\\') {
      if (text[i + 1] !== '\n') i++; // a backslash before a line break escapes nothing here
    } else if (c === '`') {
      code = n;
      codeAt = i;
      i += n - 1;
    } else if (c === '|' && tableRow) {
      reset(); // emphasis does not cross table cells
    } else if (c === '*' || c === '_' || c === '~') {
      const before = i > lineStart ? text[i - 1] : undefined;
      const after = text[i + n];
      let canOpen = !isSpace(after);
      let canClose = !isSpace(before);
      if (c === '_') {
        canOpen &&= !isWordChar(before);
        canClose &&= !isWordChar(after);
      }
      const own = stacks[c];
      let left = c === '~' && n > 2 ? 0 : n;
      while (canClose && left > 0 && own.length) {
        const opener = own[own.length - 1]!;
        const used = Math.min(left, opener.count);
        opener.count -= used;
        left -= used;
        // Openers of the other markers inside this pair can no longer close.
        for (const other of ['*', '_', '~'] as const) {
          const stack = stacks[other];
          while (other !== c && stack.length && stack[stack.length - 1]!.at > opener.at)
            stack.pop();
        }
        if (!opener.count) own.pop();
      }
      if (canOpen && left > 0) own.push({at: opened++, count: left});
      // A run that ends the text opens nothing yet; what it did not close is dropped below.
      if (i + n === text.length) unused = left;
      i += n - 1;
    }
  }
  // Only a code span's opening backticks so far: the text before them, completed.
  if (code && codeAt + code === text.length) return closeInline(text.slice(0, codeAt), afterFence);
  let out = text;
  if (code) {
    // Close the span, after dropping backticks at the end (most likely a closing run
    // half-way in).
    out = out.replace(/`+$/, '') + '`'.repeat(code);
  } else {
    out = out.slice(0, out.length - unused);
  }
  const open = (['*', '_', '~'] as const)
    .flatMap((marker) => stacks[marker].map((o) => ({marker, ...o})))
    .sort((x, y) => y.at - x.at);
  const closers = open.map((o) => o.marker.repeat(o.count)).join('');
  // A closer must follow text, not a space or a line break.
  return closers ? out.trimEnd() + closers : out;
}

/** Drops a trailing `<tag` that has not closed yet, and a half-typed `&entity`. */
function dropPartialHtml(text: string): string {
  // The first `<tag` after the last `>` or line break, found in one pass (a regex anchored
  // only at the end would rescan the line from every `<`).
  const from = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('>')) + 1;
  const open = text.slice(from).search(/<[A-Za-z/!]/);
  const cut = open < 0 ? text : text.slice(0, from + open);
  return cut.replace(/&[#A-Za-z0-9]{0,10}$/, '');
}

/**
 * The open tail as it should be displayed mid-stream.
 * @param tail - the markdown of the last, unfinished block(s), line endings normalized
 */
export function completeForDisplay(tail: string): string {
  let text = tail;
  const fence = lastFence(text);
  if (fence.open) return tail; // marked renders an open fence as a code block already
  text = dropBareMarker(text);
  text = holdHalfTable(text);
  text = dropPartialHtml(text);
  text = closeLink(text);
  // The steps above only shorten the last lines, which hold no fence.
  text = closeInline(text, fence.after);
  return text;
}
