/**
 * zaby-chat: the browser entry. Importing it defines `<zaby-chat>` and its inner elements.
 */
export {ZabyChat, type StarterPrompt, type ZabyTransport} from './elements/zaby-chat.ts';
export {configureZaby, getZabyConfig, type ZabyConfig} from './config.ts';
export * from './events.ts';
export {ZabyError} from './protocol/errors.ts';
export {registerLocale, type ZabyStrings} from './i18n/index.ts';
export {
  registerToolRenderer,
  type ToolCallView,
  type ToolRenderer,
  type ToolRendererHandle,
} from './tool-renderers/tool-renderers.ts';
export type {
  ApprovalDecision,
  FinishedStatus,
  RunStatus,
  TokenRefreshReason,
} from './protocol/types.ts';
