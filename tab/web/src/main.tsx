import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { connectToHost } from './teams-context.ts';

// Teams' context (theme, language, deep link) is known before the first paint, so the tab does
// not flash the wrong theme; outside Teams this resolves at once.
const host = await connectToHost();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App host={host} />
  </StrictMode>,
);
