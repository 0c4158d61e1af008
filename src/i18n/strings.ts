/** Every UI string of the widget. Functions take the values they interpolate. */
export interface ZabyStrings {
  title: string;
  openChat: string;
  closeChat: string;
  inputLabel: string;
  placeholder: string;
  send: string;
  stop: string;
  thinking: string;
  showReasoning: string;
  hideReasoning: string;
  toolCall: string;
  toolResult: string;
  toolError: string;
  toolRunning: string;
  toolDone: string;
  toolAwaitingApproval: string;
  toolDenied: string;
  showDetails: string;
  hideDetails: string;
  arguments: string;
  approvalTitle: string;
  approve: string;
  reject: string;
  approveTool: (toolName: string) => string;
  rejectTool: (toolName: string) => string;
  approved: string;
  rejected: string;
  expired: string;
  expiresAt: (time: string) => string;
  rateThisReply: string;
  rate: string;
  star: (n: number) => string;
  commentLabel: string;
  submitFeedback: string;
  thanks: string;
  reconnecting: string;
  retry: string;
  dismiss: string;
  jumpToLatest: string;
  /** The starter prompts' group. */
  suggestedPrompts: string;
  errorGeneric: string;
  errorNetwork: string;
  errorTokenUnavailable: string;
  inputTooLong: (length: number, max: number) => string;
  stopped: string;
  failed: string;
  you: string;
  assistant: string;
  newMessage: (agentName: string, text: string) => string;
  /** The copy button of a finished reply. */
  copyReply: string;
  /** A code block's copy button; `language` is the fence's info string, '' when none. */
  copyCode: (language: string) => string;
  /** The short confirmation after a copy (shown and announced once). */
  copied: string;
  /** Shown when the clipboard refused: the text is selected for the person to copy. */
  copyFailed: string;
  /** The header button that starts a new conversation. */
  newConversation: string;
  /** The launcher's unread badge: "2 unread replies" (use `plural`). */
  unreadReplies: (count: number) => string;
  /** The jump button while new replies are below: "3 new replies" (use `plural`). */
  newReplies: (count: number) => string;
}
