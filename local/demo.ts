/**
 * `npm run demo`: sends a happy and an unhappy signed webhook to a running `npm start` and shows the
 * gratitude and recovery emails arriving in the local SES inbox; ends with a template preview and a
 * rules replay of the demo's feedback (local/demo-no-code.ts).
 */
import { randomUUID } from 'node:crypto';
import { demoHistory } from './demo-history';
import { devSecret } from './dev-secrets';
import { showPreviewAndReplay } from './demo-no-code';
import { localApiEndpoint } from './local-ports';
import { postGeneric, sesInbox, type StoredEmail } from './webhook-client';

const apiUrl = process.env.CX_API_URL ?? localApiEndpoint();
const secret = process.env.WEBHOOK_SECRET_GENERIC?.split(',')[0] ?? devSecret('generic');

const health = await fetch(`${apiUrl}/health`).then((r) => r.json() as Promise<{ sesStore: string; endpoints: { chat?: string; helpdesk?: string } }>).catch(() => undefined);
if (!health) {
  console.error(`No cx-loop at ${apiUrl}. Start it first with: npm start`);
  process.exit(1);
}

const run = randomUUID().slice(0, 8);
// New addresses each run: the cooldown would rightly hold a second email to last run's Ana and Ben.
const address = (name: string) => `${name}+${run}@example.com`;
const samples = [
  { who: 'Ana (promoter)', payload: { sourceEventId: `demo-${run}-1`, customer: { email: address('ana'), name: 'Ana', locale: 'es', emailVerified: true }, metric: { type: 'nps', score: 10 }, text: '¡Me encanta! El envío fue rapidísimo y el equipo muy amable.', language: 'es' } },
  { who: 'Ben (detractor)', payload: { sourceEventId: `demo-${run}-2`, customer: { email: address('ben'), name: 'Ben', emailVerified: true }, metric: { type: 'nps', score: 2 }, text: 'My order arrived broken and nobody answered my emails for a week.' } },
  { who: 'Cy (passive, no email sent)', payload: { sourceEventId: `demo-${run}-3`, customer: { email: address('cy') }, metric: { type: 'nps', score: 8 } } },
];

const before = (await sesInbox(health.sesStore)).length;
for (const { who, payload } of samples) {
  const res = await postGeneric(apiUrl, secret, payload);
  console.log(`→ ${who.padEnd(28)} ${res.status} ${res.body}`);
}

console.log('\nWaiting for emails…');
const deadline = Date.now() + 20_000;
let fresh: StoredEmail[] = [];
while (Date.now() < deadline && fresh.length < 2) {
  await new Promise((r) => setTimeout(r, 250));
  fresh = (await sesInbox(health.sesStore)).slice(before);
}
for (const email of fresh) console.log(`✉  to ${email.destination.to.join(', ')}: "${email.subject}"`);
console.log(`\nOpen the inbox: ${health.sesStore.replace(/\/store$/, '/')}`);
console.log(`Every email template × locale: ${apiUrl}/local/templates  (one into the inbox: npx cx-loop templates preview --kind recovery --locale fr)`);

// People in the loop: Ben's NPS 2 is an escalation, so it opens a case, a chat message and a ticket.
const ben = await showCase(`generic#demo-${run}-2`);

// Four weeks of history, so the dashboard has a trend; then the rollup runs now instead of at the hour.
const history = demoHistory(run, new Date());
const postedAt = new Date().toISOString();
for (let i = 0; i < history.length; i += 10) await Promise.all(history.slice(i, i + 10).map((payload) => postGeneric(apiUrl, secret, payload)));
await waitUntilStored(history.length, postedAt);
const today = new Date().toISOString().slice(0, 10);
const from = new Date(Date.now() - 35 * 86_400_000).toISOString().slice(0, 10);
await fetch(`${apiUrl}/local/schedules/NightlyRollup`, { method: 'POST', body: JSON.stringify({ from, to: today }) });
console.log(`→ ${history.length} survey answers from the last four weeks, rolled up`);
console.log(`\nOpen the dashboard: ${apiUrl}/dashboard`);
// Copy and thresholds changed without code: a template preview and a rules replay of the feedback above.
await showPreviewAndReplay(apiUrl, `generic#demo-${run}-2`);
process.exit(fresh.length >= 2 && ben ? 0 : 1);

/** Feedback received since `since`, counted through the read API (analysis is asynchronous). */
async function waitUntilStored(count: number, since: string) {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    let seen = 0;
    let cursor: string | undefined;
    do {
      const page = (await fetch(`${apiUrl}/feedback?from=${since.slice(0, 10)}&limit=100${cursor ? `&cursor=${cursor}` : ''}`).then((r) => r.json())) as { items: Array<{ receivedAt: string }>; nextCursor?: string };
      seen += page.items.filter((item) => item.receivedAt >= since).length;
      cursor = page.items.some((item) => item.receivedAt < since) ? undefined : page.nextCursor;
    } while (cursor);
    if (seen >= count) return;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Waits for the case a feedback opened, then shows it with its chat message and helpdesk ticket. */
async function showCase(feedbackId: string): Promise<boolean> {
  const until = Date.now() + 20_000;
  let found: { id: string; priority: string; owner: string; dueAt: string } | undefined;
  let message: unknown;
  let ticket: { id: number; subject?: string } | undefined;
  while (Date.now() < until && !(found && message && ticket)) {
    await new Promise((r) => setTimeout(r, 300));
    const page = (await fetch(`${apiUrl}/cases?limit=100`).then((r) => r.json())) as { items: Array<{ id: string; feedbackId: string; priority: string; owner: string; dueAt: string }> };
    found = page.items.find((c) => c.feedbackId === feedbackId);
    if (!found) continue;
    const id = found.id;
    const messages = health!.endpoints.chat ? ((await fetch(`${health!.endpoints.chat}/messages`).then((r) => r.json())) as unknown[]) : [];
    message = messages.find((m) => JSON.stringify(m).includes(id));
    const tickets = health!.endpoints.helpdesk
      ? ((await fetch(`${health!.endpoints.helpdesk}/api/v2/tickets.json?external_id=${id}`, { headers: { authorization: 'Basic ZGVtbzpkZW1v' } }).then((r) => r.json())) as { tickets: Array<{ id: number; subject?: string }> }).tickets
      : [];
    ticket = tickets[0];
  }
  if (!found) {
    console.log('\n(no case opened: is cases.open "off" in cx-loop.config.json?)');
    return false;
  }
  console.log(`\n👤 case ${found.id}: ${found.priority}, owner ${found.owner}, due ${found.dueAt}`);
  console.log(message ? `💬 chat message posted: ${health!.endpoints.chat}/messages` : '💬 no chat message (cases.connectors.slack is off?)');
  console.log(ticket ? `🎫 ticket #${ticket.id} "${ticket.subject ?? ''}": ${health!.endpoints.helpdesk}/api/v2/tickets.json` : '🎫 no ticket (cases.connectors.zendesk is off?)');
  console.log(`   the case: ${apiUrl}/cases/${found.id} — resolve it with: npx cx-loop cases resolve ${found.id}`);
  return true;
}
