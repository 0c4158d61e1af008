import {expect, fixture, html} from '@open-wc/testing';
import type {ZabyMarkdown} from '../../src/elements/zaby-markdown.ts';
import '../../src/elements/zaby-markdown.ts';
import {renderMarkdown} from '../../src/markdown/render.ts';
import {labelCodeButtons} from '../../src/elements/copy.ts';
import {en} from '../../src/i18n/en.ts';

const PAYLOADS = [
  '<script>window.__canary()</script>',
  '<img src=x onerror="window.__canary()">',
  '[click](javascript:window.__canary())',
  '[click](JaVaScRiPt:window.__canary())',
  '[click](jav&#x61;script:window.__canary())',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html,<script>window.__canary()</script>)',
  '![x](javascript:window.__canary())',
  '<svg onload="window.__canary()"></svg>',
  '<a href="javascript:window.__canary()">a</a>',
  '<iframe src="javascript:window.__canary()"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__canary()>',
  '[ref]\n\n[ref]: javascript:window.__canary()',
  '<details open ontoggle="window.__canary()">x</details>',
];

describe('<zaby-markdown>', () => {
  let calls = 0;
  before(() => {
    (window as unknown as {__canary: () => void}).__canary = () => calls++;
  });

  it('should never run script or keep a dangerous URL, streamed or not', async () => {
    for (const payload of PAYLOADS) {
      for (const streaming of [true, false]) {
        const el = await fixture<ZabyMarkdown>(
          html`<zaby-markdown ?streaming=${streaming}></zaby-markdown>`,
        );
        if (streaming) {
          for (let i = 0; i < payload.length; i += 3) {
            el.text = payload.slice(0, i + 3);
            await el.updateComplete;
          }
          el.streaming = false;
        } else {
          el.text = payload;
        }
        await el.updateComplete;
        await new Promise((r) => setTimeout(r, 0));
        const root = el.shadowRoot!;
        for (const node of root.querySelectorAll('*')) {
          for (const attr of node.attributes) {
            expect(attr.name.startsWith('on'), `${payload}: ${attr.name}`).to.equal(false);
            expect(
              /^\s*(javascript|vbscript|data):/i.test(attr.value),
              `${payload}: ${attr.value}`,
            ).to.equal(false);
          }
        }
        expect(root.querySelector('script, iframe, svg, math, img, style')).to.equal(null);
      }
    }
    expect(calls).to.equal(0);
  });

  it('should open links in a new tab without opener', async () => {
    const el = await fixture<ZabyMarkdown>(
      html`<zaby-markdown .text=${'[a](https://example.com) <mailto:x@y.z>'}></zaby-markdown>`,
    );
    const links = [...el.shadowRoot!.querySelectorAll('a')];
    expect(links).to.have.length(2);
    for (const a of links) {
      expect(a.target).to.equal('_blank');
      expect(a.rel).to.equal('noopener noreferrer');
    }
  });

  it('should render while streaming without flashing raw syntax, and end equal to a one-shot render', async () => {
    const doc =
      'Intro with [a link](https://example.com) and **bold**.\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n```js\nconst x = 1;\n```\n';
    const el = await fixture<ZabyMarkdown>(html`<zaby-markdown streaming></zaby-markdown>`);
    for (let i = 1; i <= doc.length; i++) {
      el.text = doc.slice(0, i);
      await el.updateComplete;
      const visible = el.shadowRoot!.querySelector('.md')!.textContent!;
      expect(visible, `at ${i}`).not.to.match(/\]\(|\*\*|\| ---/);
      if (i > 70 && i < 100)
        expect(
          el.shadowRoot!.querySelector('pre, table') !== null || !doc.slice(0, i).includes('```'),
        ).to.equal(true);
    }
    el.streaming = false;
    await el.updateComplete;
    const reference = document.createElement('div');
    reference.append(renderMarkdown(doc));
    labelCodeButtons(reference, en, true); // the element labels its code blocks' copy buttons
    expect(el.shadowRoot!.querySelector('.md')!.innerHTML).to.equal(reference.innerHTML);
  });
});
