/**
 * Every built-in language against English, at run time: the same keys (a key added to
 * `strings.ts` and `en.ts` but not to a language fails here), every string non-empty, every
 * function's interpolated values in what it returns, and the plural forms of each language
 * complete and consistent (`Intl.PluralRules` decides which form a count takes).
 */
import {describe, expect, test} from 'vitest';
import {ar} from '../../../src/i18n/ar.ts';
import {de} from '../../../src/i18n/de.ts';
import {en} from '../../../src/i18n/en.ts';
import {es} from '../../../src/i18n/es.ts';
import {fr} from '../../../src/i18n/fr.ts';
import {he} from '../../../src/i18n/he.ts';
import {isRtlLocale, resolveStrings} from '../../../src/i18n/index.ts';
import {it as italian} from '../../../src/i18n/it.ts';
import {ja} from '../../../src/i18n/ja.ts';
import {nl} from '../../../src/i18n/nl.ts';
import {pl} from '../../../src/i18n/pl.ts';
import {ptBR} from '../../../src/i18n/pt-BR.ts';
import type {ZabyStrings} from '../../../src/i18n/strings.ts';
import {zhCN} from '../../../src/i18n/zh-CN.ts';

const LOCALES: Record<string, ZabyStrings> = {
  en,
  de,
  fr,
  es,
  it: italian,
  'pt-BR': ptBR,
  nl,
  pl,
  ja,
  'zh-CN': zhCN,
  ar,
  he,
};
const TAGS = Object.keys(LOCALES);

type FunctionKey = {
  [K in keyof ZabyStrings]: ZabyStrings[K] extends (...args: never[]) => string ? K : never;
}[keyof ZabyStrings];
/** Sample calls of every function string (a new function key fails to typecheck until listed). */
const SAMPLES: {[K in FunctionKey]: Array<Parameters<ZabyStrings[K]>>} = {
  approveTool: [['issue_refund']],
  rejectTool: [['issue_refund']],
  expiresAt: [['14:05']],
  star: [[3], [5]],
  inputTooLong: [[5001, 5000]],
  newMessage: [['Zaby', 'Your order shipped.']],
  copyCode: [['python'], ['']],
  unreadReplies: [[7], [25]],
  newReplies: [[7], [25]],
};

/** The counts each counted string is called with, and whether each plural form must differ. */
const COUNTED = {
  unreadReplies: {counts: range(0, 200), distinct: true},
  newReplies: {counts: range(0, 200), distinct: true},
  star: {counts: [1, 2, 3, 4, 5], distinct: true},
  // More than the limit, which is at least 1 ("1 Zeichen" / "2 Zeichen" may be one form).
  inputTooLong: {counts: range(2, 200), distinct: false},
} as const;

function range(from: number, to: number): number[] {
  const counts = Array.from({length: to - from + 1}, (_, i) => from + i);
  return [...counts, 1000, 1001, 1_000_000];
}

function call(strings: ZabyStrings, key: keyof typeof COUNTED, n: number): string {
  return key === 'inputTooLong' ? strings.inputTooLong(n, 1_234_567) : strings[key](n);
}

describe.each(TAGS)('%s', (tag) => {
  const strings = LOCALES[tag]!;

  test('has exactly the keys of English, each of the same kind', () => {
    const keys = Object.keys(strings);
    const expected = Object.keys(en);
    expect(
      expected.filter((k) => !keys.includes(k)),
      'missing keys',
    ).toEqual([]);
    expect(
      keys.filter((k) => !expected.includes(k)),
      'extra keys',
    ).toEqual([]);
    for (const key of expected as Array<keyof ZabyStrings>)
      expect(typeof strings[key], key).toBe(typeof en[key]);
  });

  test('every string is non-empty, trimmed and free of placeholders', () => {
    for (const [key, value] of Object.entries(strings)) {
      if (typeof value !== 'string') continue;
      expect(value.trim(), key).toBe(value);
      expect(value, key).not.toBe('');
      expect(value, key).not.toMatch(/#|\$\{|undefined|TODO/);
    }
  });

  test('every function returns text with the values it was given', () => {
    for (const [key, samples] of Object.entries(SAMPLES) as Array<[FunctionKey, unknown[][]]>) {
      for (const args of samples) {
        const result = (strings[key] as (...a: unknown[]) => string)(...args);
        expect(result.trim(), `${key}(${args.join(', ')})`).not.toBe('');
        expect(result, key).not.toMatch(/#|undefined|NaN|\(\)/);
        for (const arg of args) {
          const shown = typeof arg === 'number' ? arg.toLocaleString(tag) : String(arg);
          expect(result, `${key}(${args.join(', ')})`).toContain(shown);
        }
      }
    }
  });

  test.each(Object.keys(COUNTED) as Array<keyof typeof COUNTED>)(
    'counts in "%s" take one form per plural category of the language',
    (key) => {
      const rules = new Intl.PluralRules(tag);
      const {counts, distinct} = COUNTED[key];
      const forms = new Map<string, Set<string>>();
      for (const n of counts) {
        const text = call(strings, key, n)
          .replace((1_234_567).toLocaleString(tag), 'MAX')
          .replace(n.toLocaleString(tag), '#');
        const category = rules.select(n);
        forms.set(category, (forms.get(category) ?? new Set()).add(text));
      }
      for (const [category, texts] of forms)
        expect([...texts], `${key}: the "${category}" form`).toHaveLength(1);
      if (distinct) {
        const all = new Set([...forms.values()].map((texts) => [...texts][0]));
        expect(all.size, `${key}: a form per category (${[...forms.keys()].join(', ')})`).toBe(
          forms.size,
        );
      }
    },
  );
});

describe('the locales add-on', () => {
  test('registers every language but English, found by full tag or language subtag', async () => {
    expect(resolveStrings('fr').send).toBe(en.send);
    await import('../../../src/addons/locales/index.ts');
    for (const tag of TAGS) expect(resolveStrings(tag), tag).toEqual(LOCALES[tag]);
    expect(resolveStrings('de-AT').send).toBe(de.send);
    expect(resolveStrings('PT-br').send).toBe(ptBR.send);
    expect(resolveStrings('pt-PT').send).toBe(ptBR.send);
    expect(resolveStrings('zh-Hans-CN').send).toBe(zhCN.send);
    expect(resolveStrings('he-IL', {send: 'x'}).send).toBe('x');
  });

  test('Arabic and Hebrew lay out right to left, the others left to right', () => {
    expect(TAGS.filter((tag) => isRtlLocale(tag))).toEqual(['ar', 'he']);
    expect(isRtlLocale('he-IL')).toBe(true);
    expect(isRtlLocale('ar-EG')).toBe(true);
  });
});
