/**
 * Vue 3 typings for `<zaby-chat>`: `import 'zaby-chat/vue'` once (types only). In templates,
 * tell the compiler it is a custom element:
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
