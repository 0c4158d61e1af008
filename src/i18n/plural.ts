/**
 * Plural forms through `Intl.PluralRules`: the one rule every language's counted strings use
 * (Arabic has six forms, Polish four, Japanese one), so a locale lists its forms and never
 * hand-codes the rule.
 */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & {other: string};

const rules = new Map<string, Intl.PluralRules>();

/**
 * The form of `forms` that `locale`'s plural rules choose for `count`, with `#` replaced by
 * the count formatted for that locale.
 * @example plural('en', 2, {one: '# unread reply', other: '# unread replies'}) // '2 unread replies'
 */
export function plural(locale: string, count: number, forms: PluralForms): string {
  let rule = rules.get(locale);
  if (!rule) rules.set(locale, (rule = new Intl.PluralRules(locale)));
  const form = forms[rule.select(count)] ?? forms.other;
  return form.replace('#', count.toLocaleString(locale));
}
