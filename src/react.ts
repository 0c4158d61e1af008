/**
 * React 19 JSX typings for `<zaby-chat>`: `import 'zaby-chat/react'` once. At run time the
 * module is empty (dist/react.js), so the import costs nothing and resolves in any bundler.
 * React 19 sets properties on custom elements and turns `on<event-name>` props into
 * listeners for that exact event name, e.g. `onzaby-run-finish`.
 */
import type {DetailedHTMLProps, HTMLAttributes, Ref} from 'react';
import type {ZabyChat} from './elements/zaby-chat.ts';
import type {ZabyChatAttributes, ZabyChatEventMap, ZabyChatProperties} from './element-types.ts';

type ReactEvents = {
  [K in keyof ZabyChatEventMap as `on${K}`]?: (event: ZabyChatEventMap[K]) => void;
};

export type ZabyChatReactProps = Omit<
  DetailedHTMLProps<HTMLAttributes<ZabyChat>, ZabyChat>,
  'ref'
> &
  ZabyChatAttributes &
  ZabyChatProperties &
  ReactEvents & {ref?: Ref<ZabyChat>; class?: string};

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'zaby-chat': ZabyChatReactProps;
    }
  }
}
