/**
 * The locales add-on (`zaby-chat/locales`, `dist/zaby-chat-locales.iife.js`): every built-in
 * language but English, registered for every `<zaby-chat>` on the page, present or future.
 * The main bundle carries English only; one language at a time is `zaby-chat/locales/<lang>`.
 */
import './ar.ts';
import './de.ts';
