import { ComingSoon } from '../components/coming-soon.tsx';
import type { PageProps } from './page-registry.ts';

/** Placeholder until the dashboard page is built (loaded on demand: see page-registry.ts). */
export default function DashboardPage({ scope }: PageProps) {
  return <ComingSoon page="dashboard" scope={scope} />;
}
