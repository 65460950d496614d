/**
 * Did it work? The recovery experiment on the dashboard (GET /experiments/recovery): per arm, its
 * participants, re-survey response rate, mean score change and share won; each arm against control
 * with its 95% interval, the verdict (none below the minimum sample) and how many more customers it
 * takes to detect a 5-point uplift. Its own card, appended to the grid; plain DOM with textContent only.
 */
import type { Comparison } from '../../domain/experiments/results';
import type { RecoveryExperimentReport } from '../../handlers/experiment-report';
import { num } from './format';
import { el, panelCard } from './panel';

async function report(): Promise<RecoveryExperimentReport | undefined> {
  const res = await fetch('experiments/recovery', { headers: { accept: 'application/json' } });
  return res.ok ? ((await res.json()) as RecoveryExperimentReport) : undefined;
}

const card = (grid: Element) => panelCard(grid, 'experiment-panel', 'Did it work?', 'The recovery experiment: each arm against control, from the re-survey answers');

const share = (x: number | null) => (x === null ? '—' : `${num(x * 100, 1)}%`);
const points = (x: number) => `${x >= 0 ? '+' : ''}${num(x * 100, 1)}`;
const interval = (c: Comparison) => (c.shareWon ? `${points(c.shareWon.estimate)} points [${points(c.shareWon.low)}, ${points(c.shareWon.high)}]` : '—');

export async function renderExperimentPanel(grid: Element): Promise<void> {
  const body = card(grid);
  const r = await report().catch(() => undefined);
  if (!r) return body.replaceChildren(el('p', '', 'The experiment could not be loaded.'));
  if (!r.experiment || !r.results) return body.replaceChildren(el('p', '', 'No recovery experiment is configured (experiments.recovery in cx-loop.config.json).'));
  const results = r.results;
  const intro = el('p', '', `"${r.experiment.id}", ${r.experiment.start.slice(0, 10)} → ${r.experiment.end.slice(0, 10)} · re-survey ${r.resurvey.afterDays} days after the recovery`);
  const arms = el('table', 'feedback');
  arms.dataset.testid = 'experiment-arms';
  const head = el('tr');
  for (const h of ['Arm', 'n', 'Answered', 'Mean Δscore', 'Won', 'Returned']) head.append(el('th', '', h));
  arms.append(el('thead'), el('tbody'));
  arms.tHead!.append(head);
  for (const a of results.arms) {
    const row = el('tr');
    row.append(
      el('td', '', a.arm === results.control ? `${a.arm} (control)` : a.arm),
      el('td', '', num(a.n)),
      el('td', '', `${num(a.responded)} · ${share(a.responseRate)}`),
      el('td', '', a.meanScoreChange === null ? '—' : num(a.meanScoreChange, 2)),
      el('td', '', share(a.shareWon)),
      el('td', '', share(a.shareReturned)),
    );
    arms.tBodies[0]!.append(row);
  }
  const verdicts = el('ul', 'experiment-verdicts');
  for (const c of results.comparisons) {
    const more = c.moreForFivePoints > 0 ? ` · about ${num(c.moreForFivePoints)} more customers to detect a 5-point uplift` : '';
    const li = el('li', '', `${c.arm} vs ${results.control}: ${c.verdict} · share won ${interval(c)}${more}`);
    li.dataset.testid = `experiment-${c.arm}`;
    verdicts.append(li);
  }
  const method = el('p', 'note', `No verdict below ${num(results.minSamplePerArm)} answers per arm. Intervals: ${results.methods.proportions}; ${results.methods.means}.`);
  body.replaceChildren(intro, arms, verdicts, method);
}
