import { ComingSoon } from '../components/coming-soon.tsx';
import type { PageProps } from './page-registry.ts';

/** Placeholder until the import page is built (loaded on demand: see page-registry.ts). */
export default function ImportPage({ scope }: PageProps) {
  return <ComingSoon page="import" scope={scope} />;
}
