/**
 * The README's strict policy: no inline script or style, Trusted Types for Lit only (and
 * the `policies` a page adds, e.g. `zaby-chat-html` for the html add-on).
 */
export function strictCsp(apiOrigin: string, ...policies: string[]): string {
  return [
    `default-src 'none'`,
    `script-src 'self'`,
    `style-src 'self'`,
    `connect-src 'self' ${apiOrigin}`,
    `img-src 'self'`,
    `require-trusted-types-for 'script'`,
    `trusted-types ${['lit-html', ...policies].join(' ')}`,
  ].join('; ');
}
