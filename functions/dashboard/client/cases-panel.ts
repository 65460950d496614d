/**
 * People in the loop, on the dashboard: the case funnel (opened → contacted → resolved, within SLA
 * or not), SLA breaches, time to first human contact and to resolve (from the figures of the
 * selected range), and the open cases right now by age and by owner (GET /cases/summary). Its own
 * card, appended to the grid; plain DOM with textContent only.
 */
import type { OpenCasesSummary } from '../../domain/cases/metrics';
import type { Figures } from '../../domain/figures';
import { duration, num, pct } from './format';
import { el, panelCard } from './panel';

async function summary(): Promise<OpenCasesSummary | undefined> {
  const res = await fetch('cases/summary', { headers: { accept: 'application/json' } });
  return res.ok ? ((await res.json()) as OpenCasesSummary) : undefined;
}

const card = (grid: Element) => panelCard(grid, 'cases-panel', 'People in the loop', 'Cases opened in this range, and the open cases right now by age and owner');

export async function renderCasesPanel(grid: Element, figures: Figures): Promise<void> {
  const body = card(grid);
  const c = figures.cases;
  const stats = el('dl', 'cases-stats');
  const stat = (label: string, value: string, note = '') => {
    const wrap = el('div', 'kpi');
    wrap.dataset.testid = `cases-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`;
    wrap.append(el('dt', 'label', label), el('dd', 'value', value), ...(note ? [el('dd', 'note', note)] : []));
    stats.append(wrap);
  };
  stat('Funnel', `${num(c.opened)} → ${num(c.contacted)} → ${num(c.resolved)}`, 'opened → contacted → resolved');
  stat('Resolved within SLA', pct(c.closureWithinSlaPct), `${num(c.resolvedWithinSla)} of ${num(c.resolved + c.dismissed)} closed`);
  stat('SLA breaches', num(c.breaches), `${num(c.open)} still open`);
  stat('First human contact', duration(c.timeToFirstContact.medianMs), c.timeToFirstContact.p95Ms === null ? 'median' : `median · p95 ${duration(c.timeToFirstContact.p95Ms)}`);
  stat('Time to resolve', duration(c.timeToResolve.medianMs), c.timeToResolve.p95Ms === null ? 'median' : `median · p95 ${duration(c.timeToResolve.p95Ms)}`);

  const open = await summary().catch(() => undefined);
  const now = el('div', 'cases-open');
  if (open) {
    now.append(el('p', '', `${num(open.total)} open now · ${num(open.pastDue)} past due (${num(open.pastDueP1)} P1)`));
    const ages = el('ul', 'cases-ages');
    for (const b of open.byAge) ages.append(el('li', '', `${b.label}: ${num(b.count)}`));
    const owners = el('table', 'feedback');
    const head = el('tr');
    head.append(el('th', '', 'Owner'), el('th', '', 'Open'), el('th', '', 'Past due'));
    owners.append(el('thead'), el('tbody'));
    owners.tHead!.append(head);
    for (const o of open.byOwner) {
      const row = el('tr');
      row.append(el('td', '', o.owner), el('td', '', num(o.count)), el('td', o.pastDue ? 'score bad' : '', num(o.pastDue)));
      owners.tBodies[0]!.append(row);
    }
    now.append(ages, owners);
  } else {
    now.append(el('p', '', 'Open cases could not be loaded.'));
  }
  body.replaceChildren(stats, now);
}
