/** `zaby-chat/locales/nl`: Dutch for every `<zaby-chat>` on the page. */
import {nl} from '../../i18n/nl.ts';
import {registerLocale} from '../../i18n/index.ts';

registerLocale('nl', nl);
