import {expect} from '@open-wc/testing';
import '../../src/addons/html/index.ts';
import {MockTransport, type MockStep} from '../../src/testing/index.ts';
import {XSS_PAYLOADS} from './fixtures/xss-payloads.ts';
import {deepAll, mountMockChat, until} from './helpers/chat.ts';

/** Every element under `root`, shadow roots included. */
function allElements(root: ParentNode): Element[] {
  return [...root.querySelectorAll('*')].flatMap((e) => [
    e,
    ...(e.shadowRoot ? allElements(e.shadowRoot) : []),
  ]);
}

/** The rendered reply blocks of a chat. */
const replies = (el: HTMLElement) =>
  deepAll(el, 'zaby-message', 'zaby-markdown').map((m) => m.shadowRoot!.querySelector('.md')!);

function chatWith(
  steps: MockStep[] | ((input: string) => MockStep[]),
  attrs: Record<string, string> = {'allow-html': ''},
) {
  const mock = new MockTransport({
    chunkSize: 3,
    reply: (input) => (typeof steps === 'function' ? steps(input) : steps),
  });
  return mountMockChat(mock, attrs);
}

const RICH = `Before <kbd>Ctrl</kbd> and <span title="t">**bold** inside</span> <a href="https://example.com/x">a link</a>.

<details><summary>More</summary><p>Hidden <em>text</em></p></details>

<table><tr><th colspan="2">Both</th></tr><tr><td rowspan="1">a</td><td>b</td></tr></table>

<img src="https://example.com/cat.png" alt="a cat"> and <img src="data:image/png;base64,AAAA" alt="inline">

<div style="position:fixed" onclick="x()" class="c" id="i">styled</div>
`;

describe('the html add-on (allow-html)', () => {
  let canary = 0;
  before(() => Object.assign(window, {__canary: () => canary++}));

  it('should render details, a colspan table and inline HTML, sanitized, with allow-html', async () => {
    const el = await chatWith([{text: RICH}]);
    await el.send('go');
    await until(() => replies(el).some((r) => r.querySelector('table')));
    const md = replies(el).at(-1)!;
    const details = md.querySelector('details')!;
    expect(details.querySelector('summary')!.textContent).to.equal('More');
    expect(details.querySelector('p em')!.textContent).to.equal('text');
    expect(md.querySelector('th')!.getAttribute('colspan')).to.equal('2');
    expect(md.querySelector('td')!.getAttribute('rowspan')).to.equal('1');
    expect(md.querySelector('kbd')!.textContent).to.equal('Ctrl');
    // Markdown inside an inline HTML element is still markdown.
    const span = md.querySelector('span[title="t"]')!;
    expect(span.querySelector('strong')!.textContent).to.equal('bold');
    const links = [...md.querySelectorAll('a')];
    expect(links.map((a) => [a.getAttribute('href'), a.textContent])).to.deep.equal([
      ['https://example.com/x', 'a link'],
      ['https://example.com/cat.png', 'a cat'],
    ]);
    for (const a of links) {
      expect(a.target).to.equal('_blank');
      expect(a.rel).to.equal('noopener noreferrer');
    }
    // Images are links (or their text); no style, handler, class or id survives.
    expect(md.querySelector('img')).to.equal(null);
    expect(md.textContent).to.contain('inline');
    const div = [...md.querySelectorAll('div')].find((d) => d.textContent === 'styled')!;
    expect([...div.attributes].map((a) => a.name)).to.deep.equal([]);
    expect(md.textContent).not.to.contain('<');
  });

  it('should show raw HTML as text without allow-html', async () => {
    const el = await chatWith([{text: RICH}], {});
    await el.send('go');
    await until(() => !!replies(el).at(-1)?.textContent?.includes('styled'));
    const md = replies(el).at(-1)!;
    expect(md.querySelector('details, table, span, img')).to.equal(null);
    expect(md.textContent).to.contain('<details><summary>More</summary>');
    // The inline tags the renderer always knew, without attributes, still render.
    expect(md.querySelector('kbd')!.textContent).to.equal('Ctrl');
  });

  it('should stream incrementally and never show a half-written tag', async () => {
    const el = await chatWith([
      {text: 'Start <span title="x'},
      {delayMs: 200},
      {text: '">in</span> end\n\n<details><summ'},
      {delayMs: 200},
      {text: 'ary>S</summary>body</details>\n'},
    ]);
    const texts: string[] = [];
    const sending = el.send('go');
    const poll = setInterval(() => {
      const md = replies(el).at(-1);
      if (md) texts.push(md.textContent ?? '');
    }, 10);
    await sending;
    await until(() => !!replies(el).at(-1)?.querySelector('details summary'));
    clearInterval(poll);
    expect(texts.some((t) => t.startsWith('Start'))).to.equal(true);
    expect(texts.filter((t) => /<\/?[a-z]/i.test(t))).to.deep.equal([]);
    const md = replies(el).at(-1)!;
    expect(md.querySelector('span[title="x"]')!.textContent).to.equal('in');
    expect(md.querySelector('details summary')!.textContent).to.equal('S');
  });

  it(`should keep ${XSS_PAYLOADS.length} payloads harmless through the HTML path`, async function () {
    this.timeout(60_000);
    const joined = XSS_PAYLOADS.join('\n\n');
    const inline = XSS_PAYLOADS.map((p) => `text ${p} more`).join('\n\n');
    const el = await chatWith((input) => [{text: input === 'block' ? joined : inline}]);
    await el.send('block');
    await el.send('inline');
    await new Promise((r) => setTimeout(r, 200));
    for (const d of allElements(el.shadowRoot!)) if (d instanceof HTMLDetailsElement) d.open = true;
    await new Promise((r) => setTimeout(r, 100));
    const elements = allElements(el.shadowRoot!);
    const banned =
      /^(script|iframe|object|embed|math|base|meta|link|img|video|audio|template|body|style|select|marquee|noscript|form|input|textarea|button|svg)$/;
    const inReplies = replies(el).flatMap((r) => allElements(r));
    expect(inReplies.length).to.be.greaterThan(200);
    expect(
      inReplies
        // The element's own code-copy buttons are not the payloads' (the allow-list keeps no `part`).
        .filter((e) => banned.test(e.localName) && e.localName !== 'input')
        .filter((e) => e.getAttribute('part') !== 'code-copy-button')
        .map((e) => e.outerHTML.slice(0, 80)),
    ).to.deep.equal([]);
    // The only inputs are task-list checkboxes of markdown, disabled.
    expect(
      inReplies.filter(
        (e) => e instanceof HTMLInputElement && !(e.type === 'checkbox' && e.disabled),
      ),
    ).to.have.length(0);
    for (const node of elements) {
      for (const attr of node.attributes) {
        expect(attr.name.startsWith('on'), `${node.localName} ${attr.name}`).to.equal(false);
        if (
          ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(
            attr.name,
          )
        )
          expect(/^\s*(javascript|vbscript|data):/i.test(attr.value), attr.value).to.equal(false);
      }
      if (inReplies.includes(node))
        expect(node.hasAttribute('style'), node.localName).to.equal(false);
      if (node.localName === 'a' && node.hasAttribute('href'))
        expect([node.getAttribute('target'), node.getAttribute('rel')]).to.deep.equal([
          '_blank',
          'noopener noreferrer',
        ]);
    }
    expect(canary).to.equal(0);
  });
});
