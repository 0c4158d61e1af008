import {expect, fixture, html} from '@open-wc/testing';
import type {ZabyChat} from '../../src/index.ts';
import '../../src/index.ts';
import {MockTransport} from '../../src/testing/index.ts';
import {deep, deepAll, until} from './helpers/chat.ts';
import '../../src/addons/locales/index.ts'; // German and Arabic

const reply = 'Hello from the launcher';

async function chatIn(locale: string, mode = 'inline'): Promise<ZabyChat> {
  const mock = new MockTransport({reply: () => [{text: reply}]});
  const wrap = await fixture<HTMLDivElement>(html`<div style="height: 600px">
    <zaby-chat persist="none" .transport=${mock} token="t" locale=${locale} mode=${mode}></zaby-chat></div>`);
  const el = wrap.querySelector('zaby-chat')!;
  await el.updateComplete;
  return el;
}

describe('<zaby-chat> right to left', () => {
  it('should lay out an English reply and message left to right inside the mirrored Arabic chrome', async () => {
    const el = await chatIn('ar');
    await el.send('Hi there');
    await until(() => deepAll(el, 'zaby-message', 'zaby-markdown').length > 0, 4000, 'the reply');
    const header = deep(el, '[part="header"]')!;
    expect(getComputedStyle(header).direction).to.equal('rtl');
    const md = deepAll(el, 'zaby-message', 'zaby-markdown').at(-1)!;
    await until(() => !!md.shadowRoot?.querySelector('.md > *'), 4000, 'the first block');
    const first = md.shadowRoot!.querySelector<HTMLElement>('.md > *')!;
    expect(first.textContent).to.contain(reply);
    expect(getComputedStyle(first).direction).to.equal('ltr');
    // The user's own text too, while its bubble stays on the user's side of a mirrored log.
    const user = deepAll(el, 'zaby-message', '[part~="user"]')[0]!;
    expect(getComputedStyle(user).direction).to.equal('ltr');
    const log = deep(el, '[part="log"]')!.getBoundingClientRect();
    const bubble = user.getBoundingClientRect();
    expect(bubble.left - log.left).to.be.below(log.right - bubble.right);
    // The chrome stays mirrored: the assistant bubble and its screen-reader prefix.
    const assistant = deepAll(el, 'zaby-message', '[part~="assistant"]')[0]!;
    expect(getComputedStyle(assistant).direction).to.equal('rtl');
  });

  it('should keep an Arabic reply right to left in an English chat', async () => {
    const mock = new MockTransport({reply: () => [{text: 'مرحبا بك'}]});
    const el = await fixture<ZabyChat>(
      html`<zaby-chat persist="none" .transport=${mock} token="t" locale="en"></zaby-chat>`,
    );
    await el.send('مرحبا');
    await until(
      () =>
        !!deepAll(el, 'zaby-message', 'zaby-markdown').at(-1)?.shadowRoot?.querySelector('.md > *'),
    );
    const md = deepAll(el, 'zaby-message', 'zaby-markdown').at(-1)!;
    expect(getComputedStyle(md.shadowRoot!.querySelector('.md > *')!).direction).to.equal('rtl');
    expect(getComputedStyle(deep(el, '[part="header"]')!).direction).to.equal('ltr');
  });

  for (const locale of ['en', 'ar']) {
    for (const pageDir of ['ltr', 'rtl']) {
      it(`should open the launcher panel on the launcher's side (${locale}, page ${pageDir})`, async () => {
        document.documentElement.dir = pageDir;
        try {
          const el = await chatIn(locale, 'launcher');
          el.show();
          await el.updateComplete;
          const button = deep(el, '[part="launcher"]')!.getBoundingClientRect();
          const panel = deep(el, '[part="panel"]')!.getBoundingClientRect();
          const mid = innerWidth / 2;
          const rtl = locale === 'ar';
          // Both at the inline end of the chat's language: right in English, left in Arabic.
          expect(button.left > mid, 'button on the right').to.equal(!rtl);
          if (innerWidth > 600) {
            expect(panel.left > mid - panel.width / 2 + 1, 'panel on the right').to.equal(!rtl);
            const edge = (r: DOMRect) => (rtl ? r.left : innerWidth - r.right);
            expect(Math.abs(edge(button) - edge(panel))).to.be.below(1);
          }
        } finally {
          document.documentElement.removeAttribute('dir');
        }
      });
    }
  }

  it('should give tool names and arguments their own direction', async () => {
    const mock = new MockTransport({
      reply: () => [{toolCall: {toolName: 'get_weather', arguments: {city: 'Oslo'}}}, {text: 'ok'}],
    });
    const el = await fixture<ZabyChat>(
      html`<zaby-chat persist="none" .transport=${mock} token="t" locale="ar"></zaby-chat>`,
    );
    await el.send('weather');
    await until(
      () => !!deepAll(el, 'zaby-message', 'zaby-tool-call')[0]?.shadowRoot?.querySelector('.name'),
    );
    const tool = deepAll(el, 'zaby-message', 'zaby-tool-call')[0]!;
    expect(getComputedStyle(tool.shadowRoot!.querySelector('.name')!).direction).to.equal('ltr');
    expect(getComputedStyle(tool.shadowRoot!.querySelector('.state')!).direction).to.equal('rtl');
    expect(getComputedStyle(tool.shadowRoot!.querySelector('pre')!).direction).to.equal('ltr');
  });
});
