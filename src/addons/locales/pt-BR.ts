/**
 * `zaby-chat/locales/pt-BR`: Brazilian Portuguese for every `<zaby-chat>` on the page, also
 * for a bare `pt` (a page can register its own `pt-PT`).
 */
import {ptBR} from '../../i18n/pt-BR.ts';
import {registerLocale} from '../../i18n/index.ts';

registerLocale('pt-BR', ptBR);
registerLocale('pt', ptBR);
