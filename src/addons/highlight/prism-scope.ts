/**
 * Prism's files are scripts that use a global `Prism`, and its core would also set up
 * automatic highlighting of the page. This module runs first: it sets `globalThis.Prism`
 * to Prism's documented opt-outs (manual mode, no worker handler) and keeps whatever the
 * page had; prism.ts puts that back once the languages are defined, so a page's own Prism
 * is never replaced.
 */
const scope = globalThis as {Prism?: unknown};

/** Whether the page had a `Prism` before, and which. */
export const pageHad = {own: 'Prism' in scope, value: scope.Prism};

scope.Prism = {manual: true, disableWorkerMessageHandler: true};
