/**
 * Tool-call arguments while they stream: the JSON so far, closed where it was cut (an open
 * string, object or array; a dangling key, colon or comma dropped), so the card shows the
 * arguments as they grow. Undefined while nothing readable has arrived.
 */
export function partialJson(text: string): unknown {
  let closers = '';
  let inString = false;
  let escaped = false;
  for (const c of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') closers = `}${closers}`;
    else if (c === '[') closers = `]${closers}`;
    else if (c === '}' || c === ']') closers = closers.slice(1);
  }
  const base = inString ? `${text.replace(/\\$/, '')}"` : text;
  for (const candidate of [
    base,
    base.replace(/[,:]\s*$/, ''),
    base.replace(/,?\s*"(?:[^"\\]|\\.)*"\s*:?\s*$/, ''),
    base.replace(/,?\s*"(?:[^"\\]|\\.)*"\s*:\s*[^,{}[\]"]*$/, ''),
  ]) {
    try {
      return JSON.parse(candidate + closers) as unknown;
    } catch {
      // try the next cut
    }
  }
  return undefined;
}
