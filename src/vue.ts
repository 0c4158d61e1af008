/**
 * Vue 3 typings for `<zaby-chat>`: `import 'zaby-chat/vue'` once. At run time the module is
 * empty (dist/vue.js), so the import resolves in any bundler. In templates, tell the
 * compiler it is a custom element: with single-file components, in the build's Vue plugin,
 * `vue({template: {compilerOptions: {isCustomElement: (tag) => tag.startsWith('zaby-')}}})`;
 * only with the runtime template compiler,
 * `app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('zaby-')`.
 */
import type {DefineComponent} from 'vue';
import type {ZabyChatAttributes, ZabyChatEventMap, ZabyChatProperties} from './element-types.ts';

type VueEvents = {
  [K in keyof ZabyChatEventMap as `on${Capitalize<K>}`]?: (event: ZabyChatEventMap[K]) => void;
};

export type ZabyChatVueProps = ZabyChatAttributes & ZabyChatProperties & VueEvents;

declare module 'vue' {
  interface GlobalComponents {
    'zaby-chat': DefineComponent<ZabyChatVueProps>;
  }
}
