/** `zaby-chat/locales/ar`: Arabic for every `<zaby-chat>` on the page (laid out right to left). */
import {ar} from '../../i18n/ar.ts';
import {registerLocale} from '../../i18n/index.ts';

registerLocale('ar', ar);
