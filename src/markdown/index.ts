export {StreamingMarkdownRenderer, lexStats} from './streaming-renderer.ts';
export {renderMarkdown, sanitizeToFragment, isSafeUrl, TRUSTED_TYPES_POLICY_NAME} from './sanitize.ts';
export {completeForDisplay} from './incomplete.ts';
