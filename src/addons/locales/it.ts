/** `zaby-chat/locales/it`: Italian for every `<zaby-chat>` on the page. */
import {it} from '../../i18n/it.ts';
import {registerLocale} from '../../i18n/index.ts';

registerLocale('it', it);
