import { ComingSoon } from '../components/coming-soon.tsx';
import type { PageProps } from './page-registry.ts';

/** Placeholder until the settings page is built (loaded on demand: see page-registry.ts). */
export default function SettingsPage({ scope }: PageProps) {
  return <ComingSoon page="settings" scope={scope} />;
}
