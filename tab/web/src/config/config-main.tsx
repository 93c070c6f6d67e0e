import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToHost } from '../teams-context.ts';
import { ConfigApp } from './config-page.tsx';

const host = await connectToHost();

const root = document.getElementById('root');
if (!root) throw new Error('config.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ConfigApp host={host} />
  </StrictMode>,
);
