/**
 * "Complete the open tail for display": while a reply streams, its last block may end in
 * the middle of a construct. These string rewrites keep raw syntax from flashing; they are
 * applied to the open tail only, and never to the final render.
 */

function inOpenFence(text: string): boolean {
  let open = false;
  for (const line of text.split('\n')) {
    if (/^ {0,3}(```|~~~)/.test(line)) open = !open;
  }
  return open;
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
  const isRow = (l: string | undefined) => l !== undefined && (l.trimStart().startsWith('|') || l.trimEnd().endsWith('|'));
  const isDelimiter = (l: string | undefined) => l !== undefined && /^[\s:|-]*$/.test(l) &&
    /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(l);
  const cells = (l: string) => l.replace(/^\s*\||\|\s*$/g, '').split('|').length;
  // A header row alone, at the end, not part of a table above it.
  if (isRow(lines[last]) && !isDelimiter(lines[last]) && !isDelimiter(lines[last - 1]) && !isRow(lines[last - 1])) {
    return lines.slice(0, last).join('\n');
  }
  // A header followed by a delimiter row still being typed.
  if (isRow(lines[last - 1]) && !isRow(lines[last - 2]) && /^\s*\|?[\s:|-]*$/.test(lines[last] ?? '') &&
      (!isDelimiter(lines[last]) || cells(lines[last]!) < cells(lines[last - 1]!))) {
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
  const partial = /^\[([^\]]*)\]\([^)]*$/.exec(after) ?? /^\[([^\]]*)\]\[[^\]]*$/.exec(after) ??
    /^\[([^\]]*)\]?$/.exec(after);
  if (!partial) return text;
  const bang = open > lineStart && text[open - 1] === '!' ? 1 : 0;
  return text.slice(0, open - bang) + (partial[1] ?? '');
}

/** Closes emphasis, strike and code spans left open in the last paragraph. */
function closeInline(text: string): string {
  const start = text.lastIndexOf('\n\n') + 1;
  const paragraph = text.slice(start);
  let out = text;
  const ticks = (paragraph.match(/`/g) ?? []).length;
  if (ticks % 2 === 1) return out.endsWith('`') ? out.slice(0, -1) : `${out}\``;
  const withoutCode = paragraph.replace(/`[^`]*`/g, '');
  for (const marker of ['**', '~~', '__']) {
    const count = withoutCode.split(marker).length - 1;
    if (count % 2 === 1) out = out.endsWith(marker) ? out.slice(0, -marker.length) : `${out}${marker}`;
  }
  const singles = (withoutCode.replace(/\*\*/g, '').match(/(^|[^\\*])\*(?!\*)/g) ?? []).length;
  if (singles % 2 === 1) out = out.endsWith('*') ? out.slice(0, -1) : `${out}*`;
  return out;
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
 * @param tail - the markdown of the last, unfinished block(s)
 */
export function completeForDisplay(tail: string): string {
  if (inOpenFence(tail)) return tail; // marked renders an open fence as a code block already
  let text = tail.replace(/\r\n?/g, '\n');
  text = dropBareMarker(text);
  text = holdHalfTable(text);
  text = dropPartialHtml(text);
  text = closeLink(text);
  text = closeInline(text);
  return text;
}
