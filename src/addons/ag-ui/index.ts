/**
 * The ag-ui add-on (`import 'zaby-chat/ag-ui'`, or `dist/zaby-chat-ag-ui.iife.js`): lets
 * `<zaby-chat backend="ag-ui" agent-url="…">` talk to any AG-UI agent. Registers the AG-UI
 * backend with every element on the page, present or future.
 */
import {registerAddon} from '../registry.ts';
import {AgUiBackend} from './backend.ts';

registerAddon('agUi', (options) => new AgUiBackend(options));
