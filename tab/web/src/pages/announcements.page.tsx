import { Body1 } from '@fluentui/react-components';
import { useState } from 'react';
import { PageLayout } from '../components/page-layout.tsx';
import { usePageStyles } from '../components/page-styles.ts';
import { usePageTexts } from '../i18n/locale.tsx';
import type { AnnouncementDetail } from './announcements/announcement.types.ts';
import { AnnouncementList } from './announcements/announcement-list.tsx';
import { ANNOUNCEMENT_TEXTS } from './announcements/announcements.texts.ts';
import { Composer } from './announcements/composer.tsx';
import { SeriesList } from './announcements/follow-ups.tsx';
import type { PageProps } from './page-registry.ts';

/** お知らせ (hr): compose with a live preview of the very card staff get, then follow delivery and acks. */
export default function AnnouncementsPage(_props: PageProps) {
  const page = usePageStyles();
  const t = usePageTexts(ANNOUNCEMENT_TEXTS);
  const [editing, setEditing] = useState<AnnouncementDetail | null>(null);
  const [version, setVersion] = useState(0);
  const done = () => {
    setEditing(null);
    setVersion((v) => v + 1);
  };
  return (
    <PageLayout title={t.title} intro={<Body1 className={page.muted}>{t.intro}</Body1>}>
      <Composer
        key={editing ? `${editing.id}:${editing.revision}` : `new:${version}`}
        editing={editing}
        onDone={done}
      />
      <SeriesList version={version} />
      <AnnouncementList version={version} onEdit={setEditing} />
    </PageLayout>
  );
}
