/**
 * UI strings: English built in; more languages come from the locales add-on
 * (`zaby-chat/locales`, `dist/zaby-chat-locales.iife.js`) or a host's
 * {@link registerLocale}; single strings are overridden per element (`strings` property).
 * Languages live in the page-wide add-on registry, so a locale registered by another bundle
 * (the add-on's script tag) is seen here too.
 */
import {addons, announceAddon} from '../addons/registry.ts';
import {en} from './en.ts';
import type {ZabyStrings} from './strings.ts';

export type {ZabyStrings} from './strings.ts';

/** Every registered language (lower-case tag → strings), shared by all bundles on the page. */
function locales(): Record<string, Partial<ZabyStrings>> {
  // No prototype: a language tag such as `__proto__` or `constructor` is just a key.
  return (addons().locales ??= Object.create(null) as Record<string, Partial<ZabyStrings>>);
}
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
  const all = locales();
  const exact = locale ? all[locale.toLowerCase()] : undefined;
  const base = exact ?? all[language(locale)];
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
  const all = locales();
  all[key] = {...all[key], ...strings};
  // Elements on the page take the new strings on their next render.
  announceAddon('locales');
}

/** One formatter per language and style: building one is far dearer than formatting with it. */
const timeFormats: Record<string, Intl.DateTimeFormat> = {};

/**
 * A time as the language of `at` writes it (`Intl.DateTimeFormat`, hours and minutes, and
 * the date too when it is not today): `at` is a language tag, or a node whose nearest `lang`
 * up through shadow roots (which `<zaby-chat>` sets on its panel) is used.
 */
export function formatTime(date: Date, at: Node | string | undefined): string {
  type Up = {lang?: string; host?: Up; parentNode: Up | null} | null;
  let n = (typeof at === 'object' ? at : null) as unknown as Up;
  while (n && !n.lang) n = n.host ?? n.parentNode;
  const today = date.toDateString() === new Date().toDateString();
  const options: Intl.DateTimeFormatOptions = {
    timeStyle: 'short',
    ...(today ? {} : {dateStyle: 'medium'}),
  };
  const format = (lang?: string) =>
    (timeFormats[`${lang}${today}`] ??= new Intl.DateTimeFormat(lang, options)).format(date);
  try {
    return format(n ? n.lang : (at as string | undefined));
  } catch {
    return format(); // a tag Intl does not know (en_US)
  }
}
