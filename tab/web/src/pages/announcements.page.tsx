import { ComingSoon } from '../components/coming-soon.tsx';
import type { PageProps } from './page-registry.ts';

/** Placeholder until the announcements page is built (loaded on demand: see page-registry.ts). */
export default function AnnouncementsPage({ scope }: PageProps) {
  return <ComingSoon page="announcements" scope={scope} />;
}
