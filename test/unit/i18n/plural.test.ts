/** `plural()`: the form `Intl.PluralRules` picks, with `#` as the count formatted for the locale. */
import {describe, expect, test} from 'vitest';
import {plural} from '../../../src/i18n/plural.ts';

const SIX = {
  zero: 'zero #',
  one: 'one #',
  two: 'two #',
  few: 'few #',
  many: 'many #',
  other: 'other #',
};

describe('plural', () => {
  test.each([
    [0, 'zero'],
    [1, 'one'],
    [2, 'two'],
    [3, 'few'],
    [10, 'few'],
    [11, 'many'],
    [99, 'many'],
    [100, 'other'],
    [102, 'other'],
    [103, 'few'],
  ])('Arabic has six forms: %i takes "%s"', (n, form) => {
    expect(plural('ar', n, SIX)).toBe(`${form} ${n.toLocaleString('ar')}`);
  });

  test.each([
    [1, 'one'],
    [2, 'few'],
    [4, 'few'],
    [5, 'many'],
    [12, 'many'],
    [22, 'few'],
    [25, 'many'],
    [0, 'many'],
  ])('Polish: %i takes "%s"', (n, form) => {
    expect(plural('pl', n, SIX)).toBe(`${form} ${n.toLocaleString('pl')}`);
  });

  test('Japanese and Chinese have one form, whatever the count', () => {
    for (const n of [0, 1, 2, 5, 11, 100]) {
      expect(plural('ja', n, SIX)).toBe(`other ${n}`);
      expect(plural('zh-CN', n, SIX)).toBe(`other ${n}`);
    }
  });

  test('Hebrew has a dual; French puts 0 in the singular and a million in its own form', () => {
    expect([1, 2, 3].map((n) => plural('he', n, SIX))).toEqual(['one 1', 'two 2', 'other 3']);
    expect(plural('fr', 0, SIX)).toBe('one 0');
    expect(plural('fr', 1_000_000, SIX)).toBe(`many ${(1_000_000).toLocaleString('fr')}`);
  });

  test('the count is formatted for the locale, and a missing form falls back to "other"', () => {
    expect(plural('de', 1234, {one: '# Antwort', other: '# Antworten'})).toBe('1.234 Antworten');
    expect(plural('en', 1234, {one: '# reply', other: '# replies'})).toBe('1,234 replies');
    expect(plural('ar', 2, {one: 'one', other: '# other'})).toBe(
      `${(2).toLocaleString('ar')} other`,
    );
  });
});
