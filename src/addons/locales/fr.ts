/** `zaby-chat/locales/fr`: French for every `<zaby-chat>` on the page. */
import {fr} from '../../i18n/fr.ts';
import {registerLocale} from '../../i18n/index.ts';

registerLocale('fr', fr);
