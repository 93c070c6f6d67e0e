import { ComingSoon } from '../components/coming-soon.tsx';
import type { PageProps } from './page-registry.ts';

/** Placeholder until the childcare page is built (loaded on demand: see page-registry.ts). */
export default function ChildcarePage({ scope }: PageProps) {
  return <ComingSoon page="childcare" scope={scope} />;
}
