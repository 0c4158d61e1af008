/**
 * Framework-neutral descriptions of `<zaby-chat>`'s attributes and events, shared by the
 * React and Vue typings.
 */
import type {ZabyChat} from './elements/zaby-chat.ts';
import type {ZabyEventMap} from './events.ts';

/** The attributes (kebab-case, as in HTML). */
export interface ZabyChatAttributes {
  'api-origin'?: string;
  token?: string;
  'token-endpoint'?: string;
  mode?: 'inline' | 'launcher';
  open?: boolean;
  'agent-name'?: string;
  greeting?: string;
  placeholder?: string;
  locale?: string;
  theme?: 'light' | 'dark' | 'auto';
  persist?: 'session' | 'local' | 'none';
  feedback?: 'stars' | 'off';
  disabled?: boolean;
  'refresh-before-expiry'?: number;
  'heading-level'?: number;
  'allow-html'?: boolean;
  'new-conversation-button'?: 'on' | 'off';
}

/** The properties a framework may set directly (objects and callbacks). */
export type ZabyChatProperties = Partial<
  Pick<
    ZabyChat,
    | 'apiOrigin'
    | 'token'
    | 'tokenEndpoint'
    | 'tokenProvider'
    | 'mode'
    | 'open'
    | 'agentName'
    | 'greeting'
    | 'placeholder'
    | 'locale'
    | 'theme'
    | 'persist'
    | 'feedback'
    | 'disabled'
    | 'refreshBeforeExpiry'
    | 'headingLevel'
    | 'newConversationButton'
    | 'prompts'
    | 'strings'
    | 'transport'
    | 'allowHtml'
    | 'toolRenderers'
  >
>;

/** Event name → event class. */
export type ZabyChatEventMap = ZabyEventMap;
