/**
 * `npm run demo`, the "Did it work?" part: turns on a small recovery experiment on the running local
 * stack (holdout / standard / offer), sends twelve unhappy customers through it, lets a week pass on
 * the local scheduler so the re-surveys go out, answers them the way the customers would (each after
 * what their inbox holds: nothing, an apology, an apology with a code), and prints the report that
 * `GET /experiments/recovery` serves. The experiment lives until `npm start` stops.
 */
import { printExperimentReport } from '../cli/commands/experiment';
import type { RecoveryExperimentReport } from '../functions/handlers/experiment-report';
import { postGeneric, sesInbox, type StoredEmail } from './webhook-client';

const CUSTOMERS = 12;
const PULSE_SUBJECT = 'How would you rate us now?';

export async function experimentDemo(apiUrl: string, secret: string, sesStore: string, run: string): Promise<boolean> {
  const now = Date.now();
  const id = `demo-${run}`;
  const put = await fetch(`${apiUrl}/local/experiments/recovery`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      experiment: {
        id,
        start: new Date(now - 60_000).toISOString(),
        end: new Date(now + 3_600_000).toISOString(),
        arms: [
          { name: 'control', share: 0.34, treatment: 'none' },
          { name: 'standard', share: 0.33, treatment: 'standard' },
          { name: 'offer', share: 0.33, treatment: 'offer' },
        ],
        minSamplePerArm: 10,
      },
      resurvey: { enabled: false, afterDays: 7, linkDays: 14 },
    }),
  });
  if (!put.ok) {
    console.log(`\n(the recovery experiment could not be turned on: ${put.status} ${await put.text()})`);
    return false;
  }
  console.log(`\n🧪 Did it work? Experiment "${id}": holdout (no email) / standard / offer (with the code)`);

  const emails = Array.from({ length: CUSTOMERS }, (_, i) => `exp${i + 1}-${run}@example.com`);
  // NPS 4–6: detractors, but not escalations (an escalation never takes part).
  await Promise.all(emails.map((email, i) => postGeneric(apiUrl, secret, { sourceEventId: `demo-${run}-x${i}`, customer: { email, emailVerified: true }, metric: { type: 'nps', score: 4 + (i % 3) } })));
  const enrolled = await until(() => report(apiUrl), (r) => total(r, 'n') >= CUSTOMERS, 30_000);
  const mine = (all: StoredEmail[]) => all.filter((e) => emails.includes(e.destination.to[0] ?? ''));
  // The holdout's customers get nothing; the others an apology: wait for those, then a moment for stragglers.
  const armsWithEmail = enrolled?.results?.arms.filter((a) => a.arm !== 'control').reduce((s, a) => s + a.n, 0) ?? 0;
  await until(async () => mine(await sesInbox(sesStore)), (m) => m.length >= armsWithEmail, 20_000);
  await new Promise((r) => setTimeout(r, 1_000));
  const recoveries = mine(await sesInbox(sesStore)).length;
  console.log(`→ ${CUSTOMERS} detractors (NPS 4–6), arms ${enrolled?.results?.arms.map((a) => `${a.arm} ${a.n}`).join(', ')}: ${recoveries} recovery emails (the holdout gets none)`);

  // A week later: the local scheduler delivers the re-surveys now.
  await fetch(`${apiUrl}/local/scheduler/fast-forward`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ until: new Date(now + 8 * 86_400_000).toISOString() }) });
  const inbox = await until(async () => mine(await sesInbox(sesStore)), (m) => m.filter((e) => e.subject === PULSE_SUBJECT).length >= CUSTOMERS, 30_000);
  console.log(`→ a week later (the local scheduler fast-forwarded): ${inbox.filter((e) => e.subject === PULSE_SUBJECT).length} re-surveys "${PULSE_SUBJECT}", one per participant`);

  // The customers answer after what they received; one in each three does not answer at all.
  let answered = 0;
  for (const [i, email] of emails.entries()) {
    if (i % 3 === 2) continue;
    const got = inbox.filter((e) => e.destination.to[0] === email);
    const apology = got.find((e) => e.subject !== PULSE_SUBJECT);
    const score = !apology ? 5 : apology.body.text?.includes('please accept this code') ? 9 : 7;
    const link = linkIn(got.find((e) => e.subject === PULSE_SUBJECT)?.body.text ?? '', score);
    if (!link) continue;
    const res = await fetch(`${link.origin}/pulse`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: link.searchParams.get('token') ?? '', score: String(score) }).toString() });
    if (res.ok) answered++;
  }
  const final = await until(() => report(apiUrl), (r) => total(r, 'responded') >= answered, 30_000);
  console.log(`→ ${answered} answered with one click (GET shows a confirmation page; its button POSTs the score)\n`);
  if (final) printExperimentReport(final, false);
  console.log(`\nThe same report: ${apiUrl}/experiments/recovery and the dashboard's "Did it work?" card.`);
  return Boolean(final && recoveries === armsWithEmail && total(final, 'responded') >= answered && answered > 0);
}

async function report(apiUrl: string): Promise<RecoveryExperimentReport | undefined> {
  const res = await fetch(`${apiUrl}/experiments/recovery`).catch(() => undefined);
  return res?.ok ? ((await res.json()) as RecoveryExperimentReport) : undefined;
}

const total = (r: RecoveryExperimentReport | undefined, field: 'n' | 'responded') => r?.results?.arms.reduce((s, a) => s + a[field], 0) ?? 0;

function linkIn(text: string, score: number): URL | undefined {
  const m = new RegExp(`(https?://\\S+/pulse\\?token=[^\\s&]+&score=${score})(?!\\d)`).exec(text);
  return m ? new URL(m[1]!) : undefined;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    value = await read();
  }
  return value;
}
