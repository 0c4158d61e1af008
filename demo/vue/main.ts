import {createApp, defineComponent, h, ref} from 'vue';
import {configureZaby} from '../../src/index.ts';
import type {ZabyRunFinishEvent} from '../../src/index.ts';
import '../../src/vue.ts';
import '../renderers.css';
import {toolRenderers} from './tool-renderers.ts';

declare const __ZABY_ORIGIN__: string;
configureZaby({apiOrigin: __ZABY_ORIGIN__});

// Render functions need no template compiler (and so no eval under a strict CSP). With
// templates, set `app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('zaby-')`.
const App = defineComponent(() => {
  const finished = ref(0);
  return () =>
    h('main', {style: 'font-family: system-ui, sans-serif; max-width: 720px; margin: 1rem auto'}, [
      h('h1', 'zaby-chat in Vue 3'),
      h('p', {id: 'status'}, `Replies finished: ${finished.value}`),
      h('div', {style: 'height: 70vh'}, [
        h('zaby-chat', {
          id: 'chat',
          'agent-name': 'Zaby (Vue)',
          'token-endpoint': '/api/zaby-token',
          greeting: 'Hi from Vue! Ask me about the weather or a refund.',
          toolRenderers,
          'onZaby-run-finish': (_e: ZabyRunFinishEvent) => {
            finished.value += 1;
          },
        }),
      ]),
    ]);
});

createApp(App).mount('#app');
