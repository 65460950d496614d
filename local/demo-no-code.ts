/**
 * The end of `npm run demo`: what a CX team changes without code, shown on the demo's own feedback —
 * an email template rendered as `cx-loop templates preview` renders it, and a `cx-loop rules replay`
 * of the stored feedback under a candidate threshold (before → after). Both read through the same
 * code as the CLI; neither sends nor writes anything.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readTemplateFiles } from '#domain/email/build';
import { inputFromFeedback, renderPreview } from '#domain/email/preview';
import { TemplateSet } from '#domain/email/templates';
import type { FeedbackRecord } from '#domain/feedback-record';
import { printRulesReplay, rulesReplay } from '../cli/commands/rules';
import { useBackend } from '../cli/lib/backend';

/** A candidate a CX team might try: recover passives (NPS 7) too. */
const CANDIDATE = { rules: { recovery: { nps: [0, 7] } } };

export async function showPreviewAndReplay(apiUrl: string, feedbackKey: string): Promise<void> {
  // As the CLI does: only our own output at the terminal.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  await useBackend({ endpoint: apiUrl });
  const { settings } = await import('../functions/settings');
  const { getFeedback } = await import('#adapters/feedback-store');

  console.log('\n── Change it without code ──');
  const record = (await getFeedback(feedbackKey)) as unknown as FeedbackRecord | undefined;
  if (record) {
    const email = renderPreview(inputFromFeedback(record, 'recovery', 'fr'), settings, new TemplateSet(readTemplateFiles()));
    console.log(`\n📝 Template preview: templates/recovery/${email.locale}.*.liquid for ${feedbackKey}`);
    console.log(`   (npx cx-loop templates preview --kind recovery --locale fr --feedback ${feedbackKey})`);
    console.log(`   Subject: ${email.subject}`);
    const lines = email.text.split('\n').filter((l) => l.trim() !== '');
    for (const line of lines.slice(0, 4)) console.log(`   │ ${line}`);
    if (lines.length > 4) console.log(`   │ … (${lines.length - 4} more lines)`);
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'cx-demo-'));
  try {
    const config = path.join(dir, 'candidate.json');
    writeFileSync(config, JSON.stringify(CANDIDATE));
    console.log(`\n🔁 Rules replay: the feedback of the last two days under ${JSON.stringify(CANDIDATE)}`);
    console.log('   (npx cx-loop rules replay --config candidate.json --days 2)\n');
    const report = await rulesReplay({ endpoint: apiUrl, config, days: 2, limit: 5 });
    printRulesReplay({ ...report, config: 'the candidate' }, false, 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
