/**
 * What the live regions of a page say, recorded in the page by MutationObservers on the
 * document and on every shadow root (attachShadow is wrapped before any script runs).
 *
 * The model is what screen readers do with ARIA live regions: a region is an element with
 * `aria-live` polite or assertive, or role `status` or `alert` (an `aria-live="off"` nearer
 * up silences it); the nearest one up the flat tree (through shadow hosts) owns a change.
 * Text added to or changed inside a region that was already there is announced (polite or
 * assertive); a region inserted with its content is announced only when assertive (an
 * alert), as screen readers do.
 */
import type {Page} from 'playwright-core';

export interface Announcement {
  politeness: 'polite' | 'assertive';
  text: string;
}

/** Installs the recorder; call before `page.goto`. */
export async function recordLiveRegions(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const said: Announcement[] = [];
    (window as unknown as {announcements: Announcement[]}).announcements = said;
    const roots: Array<Document | ShadowRoot> = [document];
    const known = new WeakSet<Element>();
    const up = (n: Node): Node | null =>
      (n as Element).assignedSlot ?? (n instanceof ShadowRoot ? n.host : n.parentNode);
    const politeness = (el: Element): Announcement['politeness'] | 'off' | undefined => {
      const live = el.getAttribute('aria-live');
      if (live === 'off' || live === 'polite' || live === 'assertive') return live;
      const role = el.getAttribute('role');
      return role === 'alert' ? 'assertive' : role === 'status' ? 'polite' : undefined;
    };
    const regionOf = (node: Node): Element | undefined => {
      for (let n: Node | null = node; n; n = up(n)) {
        if (!(n instanceof Element)) continue;
        const p = politeness(n);
        if (p === 'off') return undefined;
        if (p) return n;
      }
      return undefined;
    };
    // What is read: text, without what is hidden from assistive technology.
    const read = (n: Node): string =>
      n instanceof Element
        ? n.getAttribute('aria-hidden') === 'true'
          ? ''
          : [...n.childNodes].map(read).join('')
        : n.nodeType === Node.TEXT_NODE
          ? (n.textContent ?? '')
          : '';
    const text = (n: Node) => read(n).replace(/\s+/g, ' ').trim();
    const rememberRegions = () => {
      for (const root of roots)
        for (const el of root.querySelectorAll('[aria-live],[role="status"],[role="alert"]'))
          known.add(el);
    };
    const observer = new MutationObserver((records) => {
      const changed = new Map<Element, string[]>();
      for (const record of records) {
        const added = record.type === 'characterData' ? [record.target] : [...record.addedNodes];
        for (const node of added) {
          // A region inserted with its content: only an alert speaks.
          const inserted =
            node instanceof Element
              ? [node, ...node.querySelectorAll('[aria-live],[role="status"],[role="alert"]')]
              : [];
          for (const el of inserted)
            if (!known.has(el) && politeness(el) === 'assertive' && text(el))
              changed.set(el, [text(el)]);
          const region = regionOf(record.type === 'characterData' ? node : record.target);
          if (!region || !known.has(region)) continue;
          const t = text(node);
          if (t) changed.set(region, [...(changed.get(region) ?? []), t]);
        }
      }
      for (const [region, texts] of changed)
        said.push({
          politeness: politeness(region) as Announcement['politeness'],
          text: texts.join(' '),
        });
      rememberRegions();
    });
    const observe = (root: Document | ShadowRoot) =>
      observer.observe(root, {childList: true, subtree: true, characterData: true});
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      roots.push(root);
      observe(root);
      return root;
    };
    observe(document);
  });
}

/** Everything said so far. */
export function announcements(page: Page): Promise<Announcement[]> {
  return page.evaluate(() => (window as unknown as {announcements: Announcement[]}).announcements);
}
