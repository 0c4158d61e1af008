/**
 * Page-wide defaults for every `<zaby-chat>` (seed 001 `configureZaby`). An element's own
 * attributes win over these.
 */
export interface ZabyConfig {
  /** The Zaby server origin, e.g. `https://api.zaby.example` or the local emulator. */
  apiOrigin?: string;
  /**
   * How long a token refresh may take before the element gives up with a retryable
   * `token_unavailable` error, in ms. Default 30 000.
   */
  tokenTimeoutMs?: number;
}

const config: ZabyConfig = {};

/**
 * Sets page-wide defaults.
 * @param options - merged into the current configuration
 * @returns the resulting configuration
 */
export function configureZaby(options: ZabyConfig): Readonly<ZabyConfig> {
  Object.assign(config, options);
  return {...config};
}

/** The current page-wide configuration. */
export function getZabyConfig(): Readonly<ZabyConfig> {
  return config;
}
