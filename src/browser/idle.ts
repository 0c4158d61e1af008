/**
 * Runs `work` when the browser is idle (`requestIdleCallback`, at the latest after 2 s), or
 * after 200 ms where there is no such thing (Safari): for what can wait until the page has
 * nothing else to do. `work` gets the idle deadline, when there is one, to take what fits.
 */
export function whenIdle(work: (deadline?: IdleDeadline) => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, {timeout: 2000});
  else setTimeout(work, 200);
}
