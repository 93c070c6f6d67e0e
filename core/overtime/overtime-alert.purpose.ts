import type { Purpose } from '../delivery/delivery.worker.ts';
import { isSpecialDutyLevel } from './overtime.rules.ts';
import { type AlertMessageKind, recipientsOf } from './overtime-alert.repository.ts';
import { deliveriesTo, loadAlertView } from './overtime-alert-view.repository.ts';
import type { OvertimeDeps } from './overtime-alerts.service.ts';
import { interviewOfferDue } from './special-duty.rules.ts';

const KINDS: readonly AlertMessageKind[] = ['alert', 'health_notice', 'reminder', 'escalation'];

/**
 * How the outbox sends a message about an overtime alert: the card is rendered when the message
 * goes out (after quiet hours it shows the alert as it is then, e.g. already handled). The row's
 * key says which alert, which kind and to whom (overtime-alert.repository.ts `alertMessageKey`).
 */
export function overtimeAlertPurpose(deps: OvertimeDeps): Purpose {
  return {
    name: 'overtime.alert',
    async render(row) {
      const [alertPart, kindPart] = row.subject.split(':');
      const alertId = Number(alertPart);
      const kind = KINDS.find((k) => k === kindPart);
      // Not a message this code wrote (edits carry their card): nothing to render.
      if (!Number.isSafeInteger(alertId) || !kind) return 'cancel';
      const view = await loadAlertView(deps.db, alertId);
      if (!view) return 'cancel';
      const person = (await recipientsOf(deps.db, [row.recipient])).get(row.recipient);
      if (!person) return 'cancel';
      const settings = await deps.settings();
      const recipient = { id: row.recipient, oid: person.oid, locale: person.locale };
      const role = (await deliveriesTo(deps.db, alertId, row.recipient)).find((d) => d.kind === kind)?.role;
      const card =
        kind === 'health_notice'
          ? deps.cards.healthNotice(view, person.locale, settings)
          : kind === 'reminder' || kind === 'escalation'
            ? deps.cards.followUpReminder(view, recipient, kind, settings)
            : view.level === 'month100'
              ? deps.cards.alert100(view, recipient, settings)
              : isSpecialDutyLevel(view.level)
                ? deps.cards.specialDuty(view, recipient, settings)
                : deps.cards.alert(view, person.locale, {
                    interviewOffer: role === 'employee' && interviewOfferDue(view.level),
                  });
      return { card };
    },
  };
}
