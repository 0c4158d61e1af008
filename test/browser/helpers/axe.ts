import 'axe-core/axe.min.js';

type Violation = {id: string; help: string; nodes: unknown[]};
/** Runs axe-core on an element (its shadow DOM included); resolves with the violations. */
export async function axe(el: Element): Promise<Violation[]> {
  const run = (
    window as unknown as {
      axe: {run(ctx: Element, opts: object): Promise<{violations: Violation[]}>};
    }
  ).axe;
  return (await run.run(el, {resultTypes: ['violations']})).violations;
}
