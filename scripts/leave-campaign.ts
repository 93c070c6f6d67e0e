/**
 * npm run campaign -- create --kind gw --year 2027 --ministry --opening 2027-03-01 --deadline 2027-04-09 --message-ja "…"
 * npm run campaign -- list
 * npm run campaign -- preset --kind year_end --year 2026
 *
 * Scripted setup of leave-plan campaigns (docs/leave-campaigns.md). The checks are the tab API's:
 * a bad definition prints every field error and stores nothing. With the embedded database, stop
 * `npm start` first (PGlite has one writer).
 */
import { sql } from '../core/db/sql.ts';
import { idByCode, listCampaignRows } from '../core/leave/campaign.repository.ts';
import { createCampaign } from '../core/leave/campaign.service.ts';
import { CAMPAIGN_KINDS } from '../core/leave/leave.types.ts';
import { presetPeriod } from '../core/leave/period-presets.rules.ts';
import { AppError } from '../core/shared/errors.ts';
import { option, positionals, runCli, UsageError, withDatabase } from './cli.ts';

const USAGE = `usage:
  npm run campaign -- create --kind gw|summer|year_end|custom [--year YYYY | --start YYYY-MM-DD --end YYYY-MM-DD]
                      (--ministry | --bureau B03[,B04] | --section B03-001[,…])
                      --opening YYYY-MM-DD --deadline YYYY-MM-DD --message-ja TEXT [--message-en TEXT]
                      [--title TEXT] [--time 09:30] [--remind 3,1] [--no-opening-reminder] [--summer-max-days 3]
                      [--no-half-day] [--coverage 0.5] [--low-response 0.8]
  npm run campaign -- list
  npm run campaign -- preset --kind gw|summer|year_end --year YYYY`;

const list = (value: string | undefined) =>
  value
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : [];
const num = (name: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name}: "${value}" is not a number`);
  return n;
};

await runCli(USAGE, async (args, config) => {
  const [command] = positionals(args);
  if (command === 'preset') {
    const kind = option(args, 'kind');
    const year = Number(option(args, 'year'));
    if (kind !== 'gw' && kind !== 'summer' && kind !== 'year_end')
      throw new UsageError('--kind must be gw, summer or year_end');
    if (!Number.isInteger(year)) throw new UsageError('--year is required');
    const p = presetPeriod(kind, year);
    console.log(`${kind} ${year}: ${p.start} – ${p.end}`);
    return;
  }
  if (command === 'list') {
    const rows = await withDatabase(config, (db) => listCampaignRows(db));
    for (const r of rows)
      console.log(
        `${r.id}  ${r.kind.padEnd(8)} ${r.periodStart}–${r.periodEnd}  deadline ${r.deadline}  ${r.responded}/${r.targets}  ${r.title}`,
      );
    if (rows.length === 0) console.log('no campaigns');
    return;
  }
  if (command !== 'create') throw new UsageError(command ? `unknown command ${command}` : 'no command given');

  const kind = option(args, 'kind');
  if (!kind || !CAMPAIGN_KINDS.includes(kind as never))
    throw new UsageError('--kind must be gw, summer, year_end or custom');
  const start = option(args, 'start');
  const end = option(args, 'end');
  const days = list(option(args, 'remind')).map((d) => num('remind', d));

  await withDatabase(config, async (db) => {
    // Codes (B03, B03-001) are what HR knows; unknown ones are reported together, nothing stored.
    const unknown: { where: string; message: string }[] = [];
    const resolve = async (kindOf: 'bureau' | 'section', codes: string[]) => {
      const ids: string[] = [];
      for (const code of codes) {
        const id = await idByCode(db, kindOf, code);
        if (id) ids.push(id);
        else unknown.push({ where: `--${kindOf}`, message: `no ${kindOf} with code ${code}` });
      }
      return ids;
    };
    const bureauIds = await resolve('bureau', list(option(args, 'bureau')));
    const sectionIds = await resolve('section', list(option(args, 'section')));
    if (unknown.length > 0) throw new AppError('bad_request', 'unknown targets', unknown);
    const ministry = args.includes('--ministry')
      ? (await db.query<{ id: string }>(sql`select id from ministry order by id limit 1`))[0]?.id
      : undefined;

    const input = {
      kind,
      ...(option(args, 'year') ? { year: Number(option(args, 'year')) } : {}),
      ...(start || end ? { period: { start: start ?? '', end: end ?? '' } } : {}),
      ...(option(args, 'title') ? { title: option(args, 'title') } : {}),
      targets: { ...(ministry ? { ministryId: ministry } : {}), bureauIds, sectionIds },
      openingDate: option(args, 'opening'),
      deadline: option(args, 'deadline'),
      reminders: {
        ...(option(args, 'time') ? { time: option(args, 'time') } : {}),
        ...(args.includes('--no-opening-reminder') ? { atOpening: false } : {}),
        ...(days.length > 0 ? { daysBeforeDeadline: days } : {}),
      },
      message: {
        ja: option(args, 'message-ja') ?? '',
        ...(option(args, 'message-en') ? { en: option(args, 'message-en') } : {}),
      },
      ...(option(args, 'summer-max-days')
        ? { summerMaxDays: num('summer-max-days', option(args, 'summer-max-days')) }
        : {}),
      ...(args.includes('--no-half-day') ? { halfDayAllowed: false } : {}),
      ...(option(args, 'coverage')
        ? { coverageWarningShare: num('coverage', option(args, 'coverage')) }
        : {}),
      ...(option(args, 'low-response')
        ? { lowResponseRate: num('low-response', option(args, 'low-response')) }
        : {}),
    };
    const c = await createCampaign(db, { kind: 'cli', label: 'cli:leave-campaign' }, input, new Date());
    console.log(
      `created ${c.id}: ${c.title}, ${c.period.start} – ${c.period.end}, open ${c.openingDate} – ${c.deadline} (reminders ${c.reminders.time})`,
    );
  });
});
