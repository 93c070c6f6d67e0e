import { ComingSoon } from '../components/coming-soon.tsx';
import type { PageProps } from './page-registry.ts';

/** Placeholder until the leave-plans page is built (loaded on demand: see page-registry.ts). */
export default function LeavePlansPage({ scope }: PageProps) {
  return <ComingSoon page="leave-plans" scope={scope} />;
}
