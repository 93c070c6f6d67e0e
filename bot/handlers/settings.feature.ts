import { z } from 'zod';
import { writeAudit } from '../../core/audit/audit.repository.ts';
import type { Db } from '../../core/db/db.ts';
import { setEmployeeLocale } from '../../core/org/org.repository.ts';
import { type Preferences, preferencesRead, savePreferences } from '../../core/org/preference.repository.ts';
import { cardAttachment } from '../cards/cards.ts';
import { settingsCard } from '../cards/common.cards.ts';
import type { BotFeature } from './bot-feature.ts';
import { parsePayload, requireEmployee, requireEmployeeRead } from './turn-user.ts';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const settingsPayload = z.object({ locale: z.enum(['ja', 'en']), quietStart: time, quietEnd: time });

export function settingsFeature(db: Db): BotFeature {
  return {
    commands: [
      {
        names: ['設定', 'せってい', 'settings', 'setting'],
        read: preferencesRead,
        async run(context, user, _args, preferences?: Preferences) {
          const { read: prefs } = requireEmployeeRead(user, preferences);
          await context.sendActivity({ attachments: [cardAttachment(settingsCard(user.locale, prefs))] });
        },
      },
    ],
    actions: [
      {
        verb: 'settings.save',
        async run(_context, user, data) {
          const employee = requireEmployee(user);
          const { locale, quietStart, quietEnd } = parsePayload(settingsPayload, data, user);
          await db.transaction(async (tx) => {
            await setEmployeeLocale(tx, employee.id, locale);
            await savePreferences(tx, employee.id, { quietStart, quietEnd });
            await writeAudit(tx, {
              actorId: employee.id,
              action: 'settings.update',
              targetType: 'employee',
              targetId: employee.id,
              detail: { locale, quietStart, quietEnd },
            });
          });
          return settingsCard(locale, { quietStart, quietEnd }, true);
        },
      },
    ],
  };
}
