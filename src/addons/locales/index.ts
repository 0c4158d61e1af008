/**
 * The locales add-on (`zaby-chat/locales`, `dist/zaby-chat-locales.iife.js`): every built-in
 * language but English, registered for every `<zaby-chat>` on the page, present or future.
 * The main bundle carries English only; one language at a time is `zaby-chat/locales/<lang>`.
 */
import './ar.ts';
import './de.ts';
import './es.ts';
import './fr.ts';
import './he.ts';
import './it.ts';
import './ja.ts';
import './nl.ts';
import './pl.ts';
import './pt-BR.ts';
import './zh-CN.ts';
