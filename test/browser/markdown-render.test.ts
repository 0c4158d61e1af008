import {expect} from '@open-wc/testing';
import {renderMarkdown} from '../../src/markdown/render.ts';
import {CORPUS} from './fixtures/markdown-corpus.ts';
import {markedDom, ours} from './helpers/markdown.ts';

// The DOM built from marked's tokens against marked's own HTML renderer, parsed by the
// browser (helpers/markdown.ts): the same elements, attributes and text for every construct.

/** Documents beyond the streaming corpus: constructs the corpus does not cover. */
const MORE: Record<string, string> = {
  entities:
    'Fish &amp; chips &copy; 2026 &#169; &#x2014; &hellip; &nbsp;x &unknownentity; a & b, `&amp; in code`.\n',
  allEntities:
    '&ouml; &AElig; &Dcaron; &frac34; &HilbertSpace; &DifferentialD; &ClockwiseContourIntegral; &ngE; &notin;\n\n[f&ouml;&ouml;](/f&ouml;&ouml; "f&ouml;&ouml;") `f&ouml;&ouml;`\n\n~~~ f&ouml;&ouml;\nf&ouml;&ouml;\n~~~\n',
  imageAlt: '![foo *bar* `c` [l](/u) ![i](/j)](/f.png "t") ![a  \nb](/g.png)\n',
  escapes: '\\*not em\\* \\_nor\\_ \\# \\[x\\] \\` \\\\ \\& 1\\. \\<b\\>\n',
  tasks: '- [ ] open task\n- [x] done task\n\n1. [x] numbered\n',
  breaks: 'hard  \nbreak and\\\nbackslash break\nsoft break\n',
  headings: '# h1\n## h2 *em*\n### h3\n#### h4\n##### h5\n###### h6 `c`\n',
  orderedStart: '3. three\n4. four\n\n0. zero\n',
  nested: '***both*** **bold *and em*** ~~del **strong**~~ `code **not**`\n',
  codeVariants:
    '```\n```\n\n    indented code\n    &amp; raw\n\n```js title\nlet a = "<b>&amp;</b>";\n```\n',
  linkVariants:
    '[t](https://e.com/a?b=1&c=2 "T &amp; T") <https://e.com/?a&b> www.example.com x@y.zz [**b**](/rel) [e](<a b>)\n',
  blockquoteNested: '> one\n>> two\n>\n> # h\n',
  tableInline: '| a | `b` |\n|---|:-:|\n| **x** | [l](https://e.com) |\n| | c |\n',
  hr: 'a\n\n***\n\n- - -\n\nb\n',
};

describe('markdown → DOM', () => {
  describe("equals marked's HTML renderer", () => {
    const docs = {...CORPUS, ...MORE};
    delete docs['htmlLooking'];
    for (const [name, doc] of Object.entries(docs)) {
      it(`should match for ${name}`, () => {
        expect(ours(doc)).to.equal(markedDom(doc));
      });
    }
  });

  describe('raw HTML', () => {
    it('should show block HTML and unknown tags as text, never as elements', () => {
      const div = document.createElement('div');
      div.append(
        renderMarkdown(
          '<div onclick="x()">block</div>\n\nA <span style="color:red">span</span> <script>alert(1)</script> <img src=x onerror=alert(1)>.\n',
        ),
      );
      expect(div.querySelector('div, span, script, img')).to.equal(null);
      expect(div.textContent).to.contain('<div onclick="x()">block</div>');
      expect(div.textContent).to.contain('<span style="color:red">span</span>');
      expect(div.textContent).to.contain('<img src=x onerror=alert(1)>');
    });

    it('should render the allowed inline tags without attributes, and <br>', () => {
      const div = document.createElement('div');
      div.append(
        renderMarkdown(
          'Press <kbd>Ctrl</kbd>+<KBD>C</KBD>, x<sup>2</sup>, H<sub>2</sub>O, a<br>b<br/>c, <b>bold <i>both</i></b>, <kbd class="x">no</kbd>, <b>unclosed\n',
        ),
      );
      expect([...div.querySelectorAll('kbd')].map((k) => k.textContent)).to.deep.equal([
        'Ctrl',
        'C',
      ]);
      expect(div.querySelector('sup')!.textContent).to.equal('2');
      expect(div.querySelector('sub')!.textContent).to.equal('2');
      expect(div.querySelectorAll('br')).to.have.length(2);
      expect(div.querySelector('b > i')!.textContent).to.equal('both');
      expect(div.textContent).to.contain('<kbd class="x">no</kbd>');
      expect(div.querySelectorAll('b')[1]!.textContent).to.equal('unclosed');
      for (const node of div.querySelectorAll('*')) expect(node.attributes.length).to.equal(0);
    });

    it('should ignore a closing tag that closes nothing', () => {
      const div = document.createElement('div');
      div.append(renderMarkdown('a </kbd> b </div>\n'));
      expect(div.querySelector('p')!.children.length).to.equal(0);
      expect(div.textContent).to.equal('a </kbd> b </div>');
    });
  });

  describe('links', () => {
    it('should decode character references in a URL before judging it', () => {
      const div = document.createElement('div');
      div.append(
        renderMarkdown(
          '[a](jav&#x61;script:alert(1)) [b](&#106;avascript:alert(1)) [c](https://e.com/?a&amp;b)\n',
        ),
      );
      const links = [...div.querySelectorAll('a')];
      expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://e.com/?a&b']);
      expect(div.textContent).to.equal('a b c');
    });

    it('should show an image as a link to it, never load it', () => {
      const div = document.createElement('div');
      div.append(
        renderMarkdown('![a chart](https://e.com/c.png "Chart") ![](https://e.com/d.png)\n'),
      );
      expect(div.querySelector('img')).to.equal(null);
      const links = [...div.querySelectorAll('a')];
      expect(
        links.map((a) => [a.textContent, a.getAttribute('href'), a.title, a.rel, a.target]),
      ).to.deep.equal([
        ['a chart', 'https://e.com/c.png', 'Chart', 'noopener noreferrer', '_blank'],
        ['https://e.com/d.png', 'https://e.com/d.png', '', 'noopener noreferrer', '_blank'],
      ]);
    });
  });

  it('should show task checkboxes checked as written, and disabled', () => {
    const div = document.createElement('div');
    div.append(renderMarkdown('- [ ] a\n- [x] b\n'));
    const boxes = [...div.querySelectorAll('input')];
    expect(boxes.map((b) => [b.type, b.checked, b.disabled])).to.deep.equal([
      ['checkbox', false, true],
      ['checkbox', true, true],
    ]);
    // Each is named by its item's text.
    expect(
      boxes.map((b) => div.querySelector(`#${b.getAttribute('aria-labelledby')}`)?.textContent),
    ).to.deep.equal([' a', ' b']);
  });
});
