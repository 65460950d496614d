/**
 * `cx-loop rules replay --config <candidate.json>`: what candidate rules and guards would have done
 * to the feedback of a period, before they go live. Reads stored feedback through the same adapters
 * as the Lambdas (local runtime or `--aws`), re-decides it with the pure domain code
 * (functions/domain/rules-replay.ts), and writes nothing: no email, no record, no counter.
 *
 * `cx-loop rules check --config <file>` validates a settings file the way `npm start` and the
 * Lambdas do, so a contradiction is caught before a deploy.
 */
import type { FeedbackRecord } from '#domain/feedback-record';
import { replayRules, type DecisionSummary, type ReplayColumn, type ReplayReport } from '#domain/rules-replay';
import type { Settings } from '#domain/settings';
import { addDays, isCalendarDay } from '#domain/rollups';
import { useBackend, type BackendOptions } from '../lib/backend';
import { CliError } from '../lib/errors';
import { candidateSettings } from '../lib/settings-file';
import { table } from '../lib/table';

export interface ReplayOptions extends BackendOptions {
  config: string;
  from?: string;
  to?: string;
  days: number;
  json?: boolean;
  /** Flipped feedback listed in the text report. */
  limit: number;
}

export interface RulesReplay extends ReplayReport {
  from: string;
  to: string;
  config: string;
}

export async function rulesReplay(options: ReplayOptions): Promise<RulesReplay> {
  const { from, to } = rangeOf(options);
  const candidate = await candidateSettings(options.config);
  const { settings } = await import('../../functions/settings');
  await useBackend(options);
  const { feedbackBetween } = await import('#adapters/feedback-range');
  const records = (await feedbackBetween(from, to)) as unknown as FeedbackRecord[];
  return { from, to, config: options.config, ...replayRules(records, settings, candidate) };
}

export async function rulesCheck(file: string): Promise<Settings> {
  return candidateSettings(file);
}

function rangeOf(options: ReplayOptions): { from: string; to: string } {
  for (const [flag, value] of [['--from', options.from], ['--to', options.to]] as const) {
    if (value !== undefined && !isCalendarDay(value)) throw new CliError(`${flag} must be a day like 2026-11-01, got "${value}".`);
  }
  if (!Number.isInteger(options.days) || options.days < 1) throw new CliError('--days must be a whole number of at least 1.');
  const to = options.to ?? new Date().toISOString().slice(0, 10);
  const from = options.from ?? addDays(to, -(options.days - 1));
  if (from > to) throw new CliError(`--from ${from} is after --to ${to}.`);
  return { from, to };
}

export function printRulesReplay(r: RulesReplay, json: boolean, limit: number): void {
  if (json) {
    console.log(JSON.stringify(r, null, 2));
    return;
  }
  console.log(`Replayed ${r.feedback} feedback received ${r.from} … ${r.to} (UTC) under ${r.config}. Nothing was sent or written.\n`);
  const row = (label: string, before: number, after: number) => [label, String(before), String(after), signed(after - before)];
  console.log(
    table(
      ['decision', 'before', 'after', 'change'],
      [
        ...(['gratitude', 'recovery', 'none'] as const).map((a) => row(a, r.before.decisions[a], r.after.decisions[a])),
        row('escalations', r.before.escalations, r.after.escalations),
      ],
    ),
  );
  console.log();
  console.log(table(['emails', 'before', 'after', 'change'], EMAIL_ROWS.map(([fate, label]) => row(label, emails(r.before, fate), emails(r.after, fate)))));
  const transitions = Object.entries(r.transitions);
  console.log(`\nChanged decisions: ${transitions.length ? transitions.map(([k, n]) => `${k} ${n}`).join(', ') : 'none'}`);
  if (r.escalationsAdded.length) console.log(`Escalations added (${r.escalationsAdded.length}): ${r.escalationsAdded.slice(0, limit).join(', ')}`);
  if (r.escalationsRemoved.length) console.log(`Escalations removed (${r.escalationsRemoved.length}): ${r.escalationsRemoved.slice(0, limit).join(', ')}`);
  if (r.flipped.length === 0) return;
  console.log(`\nFeedback whose outcome changes (${r.flipped.length}):`);
  for (const f of r.flipped.slice(0, limit)) {
    console.log(`  ${f.receivedAt.slice(0, 16).replace('T', ' ')}  ${f.source.padEnd(12)}  ${f.pk}  ${show(f.before)} → ${show(f.after)}`);
  }
  if (r.flipped.length > limit) console.log(`  … and ${r.flipped.length - limit} more (use --json for all)`);
}

const EMAIL_ROWS: Array<[keyof ReplayColumn['emails'], string]> = [
  ['sent', 'sent'],
  ['deferred', 'deferred (quiet hours)'],
  ['rate', 'held (hourly ceiling)'],
  ['cooldown', 'held (cooldown)'],
  ['consent', 'held (consent)'],
  ['no-address', 'no address'],
  ['imported', 'imported (no email)'],
];
const emails = (c: ReplayColumn, fate: keyof ReplayColumn['emails']) => c.emails[fate];
const signed = (n: number) => (n > 0 ? `+${n}` : n === 0 ? '0' : String(n));
const show = (s: DecisionSummary) => `${s.action}${s.escalated ? '+escalation' : ''} (${s.rule}${s.email ? `; email ${s.email}` : ''})`;
