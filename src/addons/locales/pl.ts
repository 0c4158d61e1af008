/** `zaby-chat/locales/pl`: Polish for every `<zaby-chat>` on the page. */
import {pl} from '../../i18n/pl.ts';
import {registerLocale} from '../../i18n/index.ts';

registerLocale('pl', pl);
