/** The README's strict policy: no inline script or style, Trusted Types for Lit only. */
export function strictCsp(apiOrigin: string): string {
  return [
    `default-src 'none'`,
    `script-src 'self'`,
    `style-src 'self'`,
    `connect-src 'self' ${apiOrigin}`,
    `img-src 'self'`,
    `require-trusted-types-for 'script'`,
    `trusted-types lit-html`,
  ].join('; ');
}
