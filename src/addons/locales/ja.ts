/** `zaby-chat/locales/ja`: Japanese for every `<zaby-chat>` on the page. */
import {ja} from '../../i18n/ja.ts';
import {registerLocale} from '../../i18n/index.ts';

registerLocale('ja', ja);
