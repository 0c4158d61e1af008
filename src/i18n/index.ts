/**
 * UI strings: English, German and Arabic built in; hosts add languages with
 * {@link registerLocale} and override single strings per element (`strings` property).
 */
import {ar} from './ar.ts';
import {de} from './de.ts';
import {en} from './en.ts';
import type {ZabyStrings} from './strings.ts';

export type {ZabyStrings} from './strings.ts';

const locales = new Map<string, Partial<ZabyStrings>>([
  ['en', en],
  ['de', de],
  ['ar', ar],
]);
const RTL = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

function language(locale: string | undefined): string {
  return (locale ?? 'en').trim().toLowerCase().split(/[-_]/)[0] || 'en';
}

/**
 * The strings for a BCP-47 locale (matched on its language subtag, English otherwise),
 * with `overrides` on top.
 */
export function resolveStrings(
  locale: string | undefined,
  overrides?: Partial<ZabyStrings>,
): ZabyStrings {
  const exact = locale ? locales.get(locale.toLowerCase()) : undefined;
  const base = exact ?? locales.get(language(locale));
  return {...en, ...base, ...overrides};
}

/** True for right-to-left languages (Arabic, Hebrew, Persian, Urdu, …). */
export function isRtlLocale(locale: string | undefined): boolean {
  return RTL.has(language(locale));
}

/**
 * Adds or extends a language for every element on the page.
 * @param lang - a language subtag (`fr`) or a full tag (`pt-br`)
 */
export function registerLocale(lang: string, strings: Partial<ZabyStrings>): void {
  const key = lang.toLowerCase();
  locales.set(key, {...locales.get(key), ...strings});
}
