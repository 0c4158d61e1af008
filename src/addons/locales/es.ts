/** `zaby-chat/locales/es`: Spanish for every `<zaby-chat>` on the page. */
import {es} from '../../i18n/es.ts';
import {registerLocale} from '../../i18n/index.ts';

registerLocale('es', es);
