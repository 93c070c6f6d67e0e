import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToHost, type Host } from './teams-context.ts';

/**
 * Renders a page's app into its #root once Teams' context (theme, language, deep link) is known,
 * so the tab does not flash the wrong theme; outside Teams this resolves at once.
 */
export async function mount(page: string, render: (host: Host) => ReactNode): Promise<void> {
  const host = await connectToHost();
  const root = document.getElementById('root');
  if (!root) throw new Error(`${page} has no #root`);
  createRoot(root).render(<StrictMode>{render(host)}</StrictMode>);
}
