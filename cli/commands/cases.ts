/**
 * `cx-loop cases list|show|assign|note|resolve`: work cases from a terminal, through the same store
 * and state machine as the cases API (PATCH /cases/{id}), so a change made here is versioned,
 * recorded in the case history and counted in the metrics exactly as one made there.
 */
import { applyChanges, CASE_ID, CaseConflict, CaseStatus, type CaseChange, type CaseRecord } from '#domain/cases/case';
import { Priority, type Person } from '#domain/cases/settings';
import { useBackend, type BackendOptions } from '../lib/backend';
import { CliError } from '../lib/errors';
import { table } from '../lib/table';

const store = async (options: BackendOptions) => {
  await useBackend(options);
  return import('#adapters/cases-store');
};

export interface ListOptions extends BackendOptions {
  status?: string;
  owner?: string;
  priority?: string;
  limit: number;
  json?: boolean;
}

export async function casesList(options: ListOptions): Promise<void> {
  const status = options.status === undefined ? undefined : CaseStatus.safeParse(options.status);
  if (status && !status.success) throw new CliError(`--status must be one of ${CaseStatus.options.join(', ')}.`);
  const priority = options.priority === undefined ? undefined : Priority.safeParse(options.priority);
  if (priority && !priority.success) throw new CliError(`--priority must be one of ${Priority.options.join(', ')}.`);
  const { listCases } = await store(options);
  const { items } = await listCases({
    limit: options.limit,
    ...(status?.data ? { status: status.data } : {}),
    ...(priority?.data ? { priority: priority.data } : {}),
    ...(options.owner ? { owner: options.owner } : {}),
  });
  if (options.json) {
    console.log(JSON.stringify(items));
    return;
  }
  if (items.length === 0) {
    console.log('No cases.');
    return;
  }
  const now = Date.now();
  console.log(
    table(
      ['case', 'priority', 'status', 'owner', 'opened', 'due', 'score', 'rule'],
      items.map((c) => [c.id, c.priority, c.status, c.owner.email, c.openedAt.slice(0, 16).replace('T', ' '), `${c.dueAt.slice(0, 16).replace('T', ' ')}${late(c, now) ? ' (late)' : ''}`, c.metric, c.rule]),
    ),
  );
}

const late = (c: CaseRecord, now: number) => (c.status === 'open' || c.status === 'contacted') && Date.parse(c.dueAt) < now;

export async function casesShow(id: string, options: BackendOptions & { json?: boolean }): Promise<void> {
  checkId(id);
  const { getCase, deliveriesOf } = await store(options);
  const c = await getCase(id);
  if (!c) throw new CliError(`No case ${id}.`);
  const deliveries = await deliveriesOf(id);
  if (options.json) {
    console.log(JSON.stringify({ ...c, deliveries }));
    return;
  }
  console.log(`${c.id}  ${c.priority}  ${c.status}${late(c, Date.now()) ? ' (past due)' : ''}`);
  console.log(`  feedback  ${c.feedbackKey}  (${c.metric}, ${c.source} · ${c.channel})`);
  console.log(`  why       ${c.rule}: ${c.reason}`);
  console.log(`  owner     ${c.owner.name} <${c.owner.email}>, team ${c.team}`);
  console.log(`  opened    ${c.openedAt}   due ${c.dueAt}${c.closedAt ? `   closed ${c.closedAt} by ${c.closedBy}` : ''}`);
  if (c.excerpt) console.log(`  words     ${JSON.stringify(c.excerpt)}`);
  for (const d of deliveries) console.log(`  sent      ${String(d.sk).replace(/^OUT#/, '')}: ${String(d.status)}${d.ticketId ? ` (ticket ${String(d.ticketId)})` : ''}`);
  for (const n of c.notes) console.log(`  note      ${n.at} ${n.by}: ${n.text}`);
  for (const h of c.history) console.log(`  history   ${h.at} ${h.by}: ${h.what}`);
}

export async function casesChange(id: string, change: 'assign' | 'note' | 'resolve' | 'dismiss' | 'contacted', value: string | undefined, options: BackendOptions & { by?: string; json?: boolean }): Promise<void> {
  checkId(id);
  const { settings } = await import('../../functions/settings');
  const changes: CaseChange[] = [];
  if (change === 'assign') changes.push({ kind: 'assign', owner: personOf(value ?? '', settings.cases.teams) });
  if (change === 'note') changes.push({ kind: 'note', text: (value ?? '').trim() || fail('A note needs some text.') });
  if (change === 'resolve' || change === 'dismiss' || change === 'contacted') {
    if (value?.trim()) changes.push({ kind: 'note', text: value.trim() });
    changes.push({ kind: 'status', to: change === 'resolve' ? 'resolved' : change === 'dismiss' ? 'dismissed' : 'contacted' });
  }
  const { changeCase } = await store(options);
  const by = options.by ?? process.env.USER ?? 'cli';
  let out: Awaited<ReturnType<typeof changeCase>>;
  try {
    out = await changeCase(id, (c) => applyChanges(c, changes, `${by} (cli)`, new Date()));
  } catch (err) {
    if (err instanceof CaseConflict) throw new CliError(`Cannot change ${id}: ${err.message}.`);
    throw err;
  }
  if (!out) throw new CliError(`No case ${id}.`);
  if (options.json) console.log(JSON.stringify(out.case));
  else console.log(`${id}: ${out.case.status}, owner ${out.case.owner.email}, version ${out.case.version}`);
}

function checkId(id: string) {
  if (!CASE_ID.test(id)) throw new CliError(`"${id}" is not a case id (cs_ and 20 hex digits, as \`cases list\` shows).`);
}

function personOf(email: string, teams: Record<string, { members: Person[]; lead: Person }>): Person {
  for (const team of Object.values(teams)) {
    const found = [...team.members, team.lead].find((p) => p.email.toLowerCase() === email.toLowerCase());
    if (found) return found;
  }
  throw new CliError(`${email || '(no email)'} is in no team: owners come from cases.teams in cx-loop.config.json.`);
}

function fail(message: string): never {
  throw new CliError(message);
}
