/** `zaby-chat/locales/he`: Hebrew (laid out right to left) for every `<zaby-chat>` on the page. */
import {he} from '../../i18n/he.ts';
import {registerLocale} from '../../i18n/index.ts';

registerLocale('he', he);
