/**
 * The startup pages' signal (bench/startup.ts): `window.benchReady` is set once the
 * element named by `<body data-ready>` is defined, has rendered (its shadow root has
 * content, a Lit element's update is complete) and two frames have passed, so its first
 * paint is done (and the `bench-ready` performance mark, which the trace shows). The empty
 * page sets it after two frames.
 */
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
const tag = document.body.dataset['ready'];
if (tag) {
  await customElements.whenDefined(tag);
  const element = document.querySelector(tag) as (HTMLElement & {updateComplete?: unknown}) | null;
  await element?.updateComplete;
  while (!element?.shadowRoot?.childElementCount) await frame();
}
await frame();
await frame();
performance.mark('bench-ready');
(window as unknown as {benchReady: number}).benchReady = performance.now();
export {};
