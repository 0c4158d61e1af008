import {plural} from './plural.ts';
import type {ZabyStrings} from './strings.ts';

// Register: the second-person imperative of Polish interfaces ("Napisz", "Sprawdź").
// Plural forms: one (1), few (2–4, 22–24…), many (0, 5–21, 25…), other (fractions).
export const pl: ZabyStrings = {
  title: 'Asystent',
  openChat: 'Otwórz czat',
  closeChat: 'Zamknij czat',
  inputLabel: 'Wiadomość',
  placeholder: 'Napisz wiadomość…',
  send: 'Wyślij',
  stop: 'Zatrzymaj',
  thinking: 'Myśli…',
  showReasoning: 'Pokaż tok rozumowania',
  hideReasoning: 'Ukryj tok rozumowania',
  toolCall: 'Wywołanie narzędzia',
  toolResult: 'Wynik',
  toolError: 'Błąd narzędzia',
  toolRunning: 'Wykonywanie…',
  toolDone: 'Gotowe',
  toolAwaitingApproval: 'Czeka na zatwierdzenie',
  toolDenied: 'Nie wykonano',
  showDetails: 'Pokaż szczegóły',
  hideDetails: 'Ukryj szczegóły',
  arguments: 'Parametry',
  approvalTitle: 'Wymagane zatwierdzenie',
  approve: 'Zatwierdź',
  reject: 'Odrzuć',
  approveTool: (toolName) => `Zatwierdź ${toolName}`,
  rejectTool: (toolName) => `Odrzuć ${toolName}`,
  approved: 'Zatwierdzono',
  rejected: 'Odrzucono',
  expired: 'Wygasło',
  expiresAt: (time) => `Wygasa o ${time}`,
  rateThisReply: 'Oceń tę odpowiedź',
  rate: 'Oceń',
  star: (n) =>
    plural('pl', n, {
      one: '# gwiazdka',
      few: '# gwiazdki',
      many: '# gwiazdek',
      other: '# gwiazdki',
    }),
  commentLabel: 'Komentarz (opcjonalnie)',
  submitFeedback: 'Wyślij ocenę',
  thanks: 'Dziękujemy za opinię!',
  reconnecting: 'Utracono połączenie. Ponowne łączenie…',
  retry: 'Spróbuj ponownie',
  dismiss: 'Zamknij',
  jumpToLatest: 'Przejdź do najnowszych',
  suggestedPrompts: 'Propozycje na początek',
  errorGeneric: 'Coś poszło nie tak.',
  errorNetwork: 'Sieć jest niedostępna. Sprawdź połączenie i spróbuj ponownie.',
  errorTokenUnavailable: 'Nie udało się zalogować do czatu. Spróbuj ponownie za chwilę.',
  inputTooLong: (length, max) =>
    `Wiadomość ma ${plural('pl', length, {one: '# znak', few: '# znaki', many: '# znaków', other: '# znaku'})}; limit wynosi ${max.toLocaleString('pl')}.`,
  stopped: 'Zatrzymano',
  failed: 'Nie udało się dokończyć odpowiedzi.',
  you: 'Ty',
  assistant: 'Asystent',
  // The present tense needs no grammatical gender for the agent.
  newMessage: (agentName, text) => `${agentName} odpowiada: ${text}`,
  copyReply: 'Kopiuj odpowiedź',
  copyCode: (language) => (language ? `Kopiuj kod (${language})` : 'Kopiuj kod'),
  copied: 'Skopiowano',
  copyFailed:
    'Nie udało się skopiować: tekst jest zaznaczony, naciśnij Ctrl+C lub ⌘C, aby go skopiować.',
  newConversation: 'Nowa rozmowa',
  unreadReplies: (count) =>
    plural('pl', count, {
      one: '# nieprzeczytana odpowiedź',
      few: '# nieprzeczytane odpowiedzi',
      many: '# nieprzeczytanych odpowiedzi',
      other: '# nieprzeczytanej odpowiedzi',
    }),
  newReplies: (count) =>
    plural('pl', count, {
      one: '# nowa odpowiedź',
      few: '# nowe odpowiedzi',
      many: '# nowych odpowiedzi',
      other: '# nowej odpowiedzi',
    }),
};
