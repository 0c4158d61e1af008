/** Pretty-prints untrusted tool data for display as text (never as HTML). */
const MAX = 20_000;

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return cap(value);
  if (value === undefined) return '';
  const seen = new WeakSet<object>();
  try {
    const text = JSON.stringify(
      value,
      (_key, v: unknown) => {
        if (typeof v === 'bigint') return `${v}n`;
        if (v !== null && typeof v === 'object') {
          if (seen.has(v)) return '[circular]';
          seen.add(v);
        }
        return v;
      },
      2,
    );
    return cap(text ?? String(value));
  } catch {
    return cap(String(value));
  }
}

function cap(text: string): string {
  return text.length > MAX ? `${text.slice(0, MAX)}\n…` : text;
}
