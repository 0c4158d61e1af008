import {StrictMode, useState} from 'react';
import {createRoot} from 'react-dom/client';
import {configureZaby} from '../../src/index.ts';
import type {ZabyFeedbackEvent, ZabyRunFinishEvent} from '../../src/index.ts';
import '../../src/react.ts';
import '../renderers.css';
import {toolRenderers} from './tool-renderers.tsx';

declare const __ZABY_ORIGIN__: string;
configureZaby({apiOrigin: __ZABY_ORIGIN__});

function App() {
  const [finished, setFinished] = useState(0);
  const [lastRating, setLastRating] = useState<number | null>(null);
  return (
    <main style={{fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '1rem auto'}}>
      <h1>zaby-chat in React 19</h1>
      <p id="status">
        Replies finished: {finished}
        {lastRating ? `, last rating ${lastRating}` : ''}
      </p>
      <div style={{height: '70vh'}}>
        {/* React 19 passes properties to custom elements and maps `onzaby-…` to their events. */}
        <zaby-chat
          id="chat"
          agent-name="Zaby (React)"
          token-endpoint="/api/zaby-token"
          greeting="Hi from React! Ask me about the weather or a refund."
          toolRenderers={toolRenderers}
          onzaby-run-finish={(e: ZabyRunFinishEvent) => {
            if (e.detail.status) setFinished((n) => n + 1);
          }}
          onzaby-feedback={(e: ZabyFeedbackEvent) => setLastRating(e.detail.rating)}
        />
      </div>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
