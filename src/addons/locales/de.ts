/** `zaby-chat/locales/de`: German for every `<zaby-chat>` on the page. */
import {de} from '../../i18n/de.ts';
import {registerLocale} from '../../i18n/index.ts';

registerLocale('de', de);
