/**
 * Like Lit's `@customElement`, but a second definition of the same tag (two bundles of
 * zaby-chat on one page, e.g. the script tag and an npm build) is skipped instead of
 * throwing: the first one loaded wins.
 * @param tag - the custom element name
 */
export function defineElement(tag: string) {
  return (constructor: CustomElementConstructor): void => {
    if (!customElements.get(tag)) customElements.define(tag, constructor);
  };
}
