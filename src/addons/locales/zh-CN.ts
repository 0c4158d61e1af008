/**
 * `zaby-chat/locales/zh-CN`: Simplified Chinese for every `<zaby-chat>` on the page, also for
 * a bare `zh` (a page can register its own `zh-TW`).
 */
import {zhCN} from '../../i18n/zh-CN.ts';
import {registerLocale} from '../../i18n/index.ts';

registerLocale('zh-CN', zhCN);
registerLocale('zh', zhCN);
