export {StreamingMarkdownRenderer, lexStats} from './streaming-renderer.ts';
export {renderMarkdown, isSafeUrl} from './render.ts';
export {completeForDisplay} from './incomplete.ts';
