import { Body1, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { PageHeader } from '../components/page-header.tsx';
import { usePageTexts } from '../i18n/locale.tsx';
import type { AnnouncementDetail } from './announcements/announcement.types.ts';
import { AnnouncementList } from './announcements/announcement-list.tsx';
import { ANNOUNCEMENT_TEXTS } from './announcements/announcements.texts.ts';
import { Composer } from './announcements/composer.tsx';
import { SeriesList } from './announcements/follow-ups.tsx';
import type { PageProps } from './page-registry.ts';

const useStyles = makeStyles({
  intro: {
    display: 'block',
    color: tokens.colorNeutralForeground2,
    marginBlockEnd: tokens.spacingVerticalL,
    maxWidth: '60rem',
  },
});

/** お知らせ (hr): compose with a live preview of the very card staff get, then follow delivery and acks. */
export default function AnnouncementsPage(_props: PageProps) {
  const styles = useStyles();
  const t = usePageTexts(ANNOUNCEMENT_TEXTS);
  const [editing, setEditing] = useState<AnnouncementDetail | null>(null);
  const [version, setVersion] = useState(0);
  const done = () => {
    setEditing(null);
    setVersion((v) => v + 1);
  };
  return (
    <>
      <PageHeader title={t.title} />
      <Body1 className={styles.intro}>{t.intro}</Body1>
      <Composer
        key={editing ? `${editing.id}:${editing.revision}` : `new:${version}`}
        editing={editing}
        onDone={done}
      />
      <SeriesList version={version} />
      <AnnouncementList version={version} onEdit={setEditing} />
    </>
  );
}
