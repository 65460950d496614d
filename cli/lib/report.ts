/** End-of-run summaries for commands that go through a file: counts, then each problem line with its reason. */

export interface LineProblem {
  line: number;
  reason: string;
}

const SHOWN = 50;

export function printLineReport(counts: string[], problems: LineProblem[]): void {
  console.log(counts.join(', '));
  for (const { line, reason } of problems.slice(0, SHOWN)) console.log(`  line ${line}: ${reason}`);
  if (problems.length > SHOWN) console.log(`  … and ${problems.length - SHOWN} more (use --json for all)`);
}

export const byLine = (a: LineProblem, b: LineProblem) => a.line - b.line;
