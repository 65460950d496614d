/** cx-loop: operate the feedback loop from a terminal, against the local runtime or AWS. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { METRIC_SCALES } from '#domain/feedback-event';
import { DEFAULT_ENDPOINT } from './lib/api';
import type { BackendOptions } from './lib/backend';
import { CliError } from './lib/errors';
import { QUEUES } from '../lib/pipeline-spec';
import { isTimeZone } from './lib/export-dates';
import { FIELDS, VENDORS } from './lib/vendor-exports';
import { SIGNED_SOURCES } from './lib/webhook';

// The handlers' structured logs are for CloudWatch; at a terminal only our own output matters.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const integer = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number.`);
  return n;
};

const assertConcurrency = (n: number) => {
  if (n < 1 || n > 256) throw new CliError('--concurrency must be a whole number from 1 to 256.');
};

const collectMap = (value: string, map: Record<string, string> = {}) => {
  const eq = value.indexOf('=');
  const field = value.slice(0, eq);
  if (eq < 1 || !(FIELDS as readonly string[]).includes(field)) throw new InvalidArgumentError(`expected <field>=<column> with field one of ${FIELDS.join(', ')}.`);
  return { ...map, [field]: value.slice(eq + 1) };
};

const httpUrl = (value: string) => {
  if (!/^https?:\/\/[^/\s]+/.test(value)) throw new InvalidArgumentError(`expected an http(s) URL like http://localhost:3000, got "${value}".`);
  return value.replace(/\/+$/, '');
};

const timeZone = (value: string) => {
  if (!isTimeZone(value)) throw new InvalidArgumentError(`"${value}" is not an IANA time zone like Europe/Paris.`);
  return value;
};

const program = new Command('cx-loop')
  .description('Operate the cx-loop feedback pipeline: send and replay feedback, import survey history, follow decisions, read metrics, manage DLQs and suppressions.')
  .addOption(new Option('-e, --endpoint <url>', 'API base URL: the local runtime or the deployed HTTP API').env('CX_LOOP_ENDPOINT').default(DEFAULT_ENDPOINT).argParser(httpUrl))
  .option('--aws', 'use the deployed stack in your AWS account for table and queue commands (instead of the local runtime)')
  .addOption(new Option('--stack <name>', 'CloudFormation stack to read outputs from with --aws').default('CxLoop'))
  .showHelpAfterError('(run with --help for usage)')
  .showSuggestionAfterError(true);

const globals = (): BackendOptions & { endpoint: string } => {
  const g = program.opts<{ endpoint: string; aws?: boolean; stack: string }>();
  return { endpoint: g.endpoint, ...(g.aws ? { aws: true } : {}), stack: g.stack };
};

program
  .command('send')
  .description('post one signed sample event, as the chosen vendor would send it')
  .addOption(new Option('-s, --source <source>', 'webhook source (delighted shut down on 30 June 2026: kept for replaying old deliveries)').choices(SIGNED_SOURCES).default('generic'))
  .addOption(new Option('-m, --metric <metric>', 'survey metric').choices([...Object.keys(METRIC_SCALES), 'none']).default('nps'))
  .option('--score <n>', 'score on the metric\'s scale (NPS 0–10, CSAT 1–5, CES 1–7)', integer('--score'))
  .option('-t, --text <text>', 'free-text comment')
  .option('-l, --language <tag>', 'language of the text, e.g. en, fr, pt-BR')
  .option('--locale <tag>', 'the customer\'s locale, which emails are written in (generic, zendesk, delighted payloads), e.g. fr-CA')
  .option('--email <address>', 'customer email (outreach goes here); refused for sources whose payload cannot carry one (twilio, surveymonkey, qualtrics, hubspot)')
  .option('--phone <number>', 'sender phone number for --source twilio, e.g. +14155550123')
  .option('--name <name>', 'customer name')
  .option('--id <id>', 'vendor response id (default: a new UUID, so each send is a new event)')
  .option('--secret <secret>', 'signing secret (default: WEBHOOK_SECRET_<SOURCE>, else the local dev secret)')
  .action(async (opts) => {
    const { send } = await import('./commands/send');
    await send({ ...opts, endpoint: globals().endpoint });
  });

program
  .command('replay <file>')
  .description('stream a JSONL or CSV file of events (or {"source","payload"} raw vendor payloads) through the webhook route')
  .addOption(new Option('-s, --source <source>', 'source for lines that do not name one').choices(SIGNED_SOURCES).default('generic'))
  .option('-c, --concurrency <n>', 'requests in flight', integer('--concurrency'), 16)
  .option('--checkpoint <file>', 'where progress is saved (default: <file>.checkpoint.json)')
  .option('--restart', 'ignore an existing checkpoint and start from the first line')
  .option('--secret <secret>', 'signing secret for --source')
  .option('--json', 'print the summary as JSON')
  .action(async (file: string, opts) => {
    const { replay, printReplaySummary } = await import('./commands/replay');
    assertConcurrency(opts.concurrency);
    const summary = await replay(file, { ...opts, endpoint: globals().endpoint });
    printReplaySummary(summary, Boolean(opts.json));
    if (summary.rejected.length || summary.failed.length) process.exitCode = 1;
  });

program
  .command('import <file>')
  .description('backfill history from a survey tool\'s CSV export; stored and counted, but no email is sent unless --send')
  .addOption(new Option('--vendor <vendor>', 'the tool that exported the file (delighted: its CSV export is the migration path since it shut down on 30 June 2026; see docs/moving-from-delighted.md)').choices(VENDORS).makeOptionMandatory())
  .option('--map <field=column>', `which column feeds a field (${FIELDS.join(', ')}); a heading or a 1-based column number; repeatable`, collectMap)
  .addOption(new Option('--metric <metric>', 'metric of the score column (default: from the question\'s wording)').choices(Object.keys(METRIC_SCALES)))
  .option('--timezone <zone>', 'IANA time zone of dates without an offset (default: UTC; Qualtrics names its own)', timeZone)
  .option('--survey <id>', 'survey id to record, for per-survey metrics')
  .option('--preview [rows]', 'show the column mapping and the first rows as they would be imported, then stop', integer('--preview'))
  .option('--dry-run', 'read and check every row, change nothing')
  .option('--send', 'let the pipeline email these customers as it would for live feedback')
  .option('-c, --concurrency <n>', 'SQS batches in flight', integer('--concurrency'), 4)
  .option('--checkpoint <file>', 'where progress is saved (default: <file>.checkpoint.json)')
  .option('--restart', 'ignore an existing checkpoint and start from the first row')
  .option('--json', 'print the summary as JSON')
  .action(async (file: string, opts) => {
    const { importExport, printImportSummary } = await import('./commands/import');
    assertConcurrency(opts.concurrency);
    const summary = await importExport(file, { ...opts, preview: opts.preview === true ? 5 : opts.preview, ...globals() });
    if (!summary) return;
    printImportSummary(summary, Boolean(opts.json));
    if (summary.rejected.length || summary.failed.length) process.exitCode = 1;
  });

program
  .command('tail')
  .description('follow decisions as they happen: time, source, customer (masked), score, sentiment, decision and reason')
  .option('-n, --lines <n>', 'recent decisions to show first', integer('--lines'), 10)
  .option('--no-follow', 'print the recent decisions and exit')
  .option('--interval <ms>', 'how often to poll', integer('--interval'), 2000)
  .option('--json', 'one JSON object per decision')
  .action(async (opts) => {
    const { tail } = await import('./commands/tail');
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    await tail({ ...opts, intervalMs: opts.interval, ...globals() }, stop.signal);
  });

program
  .command('metrics')
  .description('NPS, CSAT, CES, sentiment and outreach for a range of days, from the live counters')
  .option('--from <day>', 'first day, YYYY-MM-DD (UTC)')
  .option('--to <day>', 'last day, YYYY-MM-DD (default: today)')
  .option('-d, --days <n>', 'days back from --to when --from is not given', integer('--days'), 30)
  .option('--filter <dimension=value>', 'one slice: source=typeform, channel=email, language=fr, survey=<id>', 'all')
  .addOption(new Option('--by <dimension>', 'one row per source or channel').choices(['source', 'channel']))
  .option('--json', 'machine-readable output')
  .action(async (opts) => {
    const { metrics, printMetrics } = await import('./commands/metrics');
    printMetrics(await metrics({ ...opts, ...globals() }), Boolean(opts.json));
  });

program
  .command('backfill')
  .description('recompute the counters of a range of days from stored feedback, then re-run their rollups')
  .requiredOption('--from <day>', 'first day, YYYY-MM-DD (UTC)')
  .option('--to <day>', 'last day, YYYY-MM-DD (default: today)')
  .option('--dry-run', 'read and recompute, write nothing')
  .option('--json', 'machine-readable output')
  .action(async (opts) => {
    const { backfill, printBackfill } = await import('./commands/backfill');
    printBackfill(await backfill({ ...opts, ...globals() }), Boolean(opts.json));
  });

program
  .command('dashboard')
  .description('serve the deployed dashboard on localhost, signing its API calls with your AWS credentials (the read routes need IAM)')
  .option('-p, --port <n>', 'local port', integer('--port'), 8080)
  .option('--region <region>', 'API region (default: from the endpoint URL)')
  .action(async (opts) => {
    const { dashboardProxy } = await import('./commands/dashboard');
    const proxy = await dashboardProxy({ ...opts, endpoint: globals().endpoint });
    console.log(`Dashboard: ${proxy.url}  (signed with your AWS credentials; Ctrl-C to stop)`);
  });

const templates = program.command('templates').description('check and preview the email templates in templates/ (Liquid)');
templates
  .command('check')
  .description('validate every template as npm start and cdk synth do: unknown variables, missing locales, unbalanced tags, a missing unsubscribe link')
  .action(async () => {
    const { checkTemplates } = await import('./commands/templates');
    await checkTemplates();
  });
templates
  .command('preview')
  .description('render one template into the local SES inbox and print its text part')
  .addOption(new Option('-k, --kind <kind>', 'which email').choices(['gratitude', 'recovery']).makeOptionMandatory())
  .option('-l, --locale <tag>', 'locale to render, through its fallback chain (fr-CA → fr → default); default: the feedback\'s, else the default locale')
  .option('-f, --feedback <key>', 'render for a stored feedback (source#id): its name, words, language and escalation')
  .option('--to <address>', 'recipient shown in the local inbox', 'preview@example.com')
  .action(async (opts) => {
    const { previewTemplate } = await import('./commands/templates');
    await previewTemplate({ ...opts, ...globals() });
  });

const rules = program.command('rules').description('try rule and guard changes on stored feedback before they go live');
rules
  .command('replay')
  .description('re-decide the stored feedback of a period under candidate rules and guards; sends nothing, writes nothing')
  .requiredOption('--config <file>', 'candidate settings: a whole cx-loop.config.json, or only the top-level keys it changes ({"rules": …})')
  .option('--from <day>', 'first UTC day of receipt, YYYY-MM-DD')
  .option('--to <day>', 'last UTC day of receipt (default: today)')
  .option('-d, --days <n>', 'days back from --to when --from is not given', integer('--days'), 30)
  .option('-n, --limit <n>', 'changed feedback to list', integer('--limit'), 50)
  .option('--json', 'machine-readable output (every changed feedback)')
  .action(async (opts) => {
    const { rulesReplay, printRulesReplay } = await import('./commands/rules');
    printRulesReplay(await rulesReplay({ ...opts, ...globals() }), Boolean(opts.json), opts.limit);
  });
rules
  .command('check')
  .description('validate a settings file as npm start and the Lambdas do (contradictions included)')
  .requiredOption('--config <file>', 'settings file to check')
  .action(async (opts) => {
    const { rulesCheck } = await import('./commands/rules');
    await rulesCheck(opts.config);
    console.log(`${opts.config}: valid.`);
  });

const sources = program.command('sources').description('try a webhook source\'s field mappings on a saved delivery before the vendor sends anything');
sources
  .command('check <source> <payload>')
  .description('read a saved delivery (or a thin vendor\'s response document) with the field mappings and show the feedback it becomes; no signature check, sends and writes nothing')
  .option('--config <file>', 'candidate settings: a whole cx-loop.config.json, or only the keys it changes ({"mappings": …}); default: cx-loop.config.json')
  .option('--survey <file>', 'surveymonkey: the survey definition (GET /v3/surveys/{id}/details) that resolves chosen choices')
  .option('--json', 'machine-readable output')
  .action(async (source: string, payload: string, opts) => {
    const { sourcesCheck, printSourcesCheck, sourcesCheckExitCode } = await import('./commands/sources');
    const report = await sourcesCheck(source, payload, opts);
    printSourcesCheck(report, Boolean(opts.json));
    process.exitCode = sourcesCheckExitCode(report);
  });

const experiment = program.command('experiment').description('did the recovery work? the recovery experiment and its statistics');
experiment
  .command('report')
  .description('results per arm (n, re-survey response rate, score change, share won, returns) and each arm against control with 95% intervals')
  .option('--json', 'machine-readable output')
  .action(async (opts) => {
    const { experimentReport, printExperimentReport } = await import('./commands/experiment');
    printExperimentReport(await experimentReport(globals()), Boolean(opts.json));
  });
experiment
  .command('simulate')
  .description('run the same estimator on a synthetic population with a known uplift: check the statistics, plan sample sizes')
  .requiredOption('--true-uplift <points>', 'true uplift in the share won, percentage points', Number)
  .option('--n <customers>', 'synthetic customers (split 50/50)', integer('--n'), 2000)
  .option('--seed <s>', 'random seed (same seed, same population)', integer('--seed'), 1)
  .option('--json', 'machine-readable output')
  .action(async (opts) => {
    const { simulate, printSimulation } = await import('./commands/experiment');
    printSimulation(simulate({ trueUplift: opts.trueUplift, n: opts.n, seed: opts.seed }), Boolean(opts.json));
  });

const dlq = program.command('dlq').description('inspect and redrive the dead-letter queues');
const queueOption = () => new Option('-q, --queue <queue>', 'only this pipeline queue (default: all)').choices(Object.keys(QUEUES));
dlq
  .command('list')
  .description('parked messages per DLQ with their reason (bodies are never printed: they hold customer data)')
  .addOption(queueOption())
  .option('-n, --limit <n>', 'messages to show per queue', integer('--limit'), 20)
  .option('--json', 'machine-readable output')
  .action(async (opts) => {
    const { listDlqs, printDlqListing } = await import('./commands/dlq');
    printDlqListing(await listDlqs({ ...opts, ...globals() }), Boolean(opts.json));
  });
dlq
  .command('redrive')
  .description('move parked messages back to the queue they came from, bodies unchanged (fix the cause first)')
  .addOption(queueOption())
  .option('--max <n>', 'move at most this many per queue', integer('--max'))
  .option('--json', 'machine-readable output')
  .action(async (opts) => {
    const { redriveDlqs, printRedrive } = await import('./commands/dlq');
    const results = await redriveDlqs({ ...opts, ...globals() });
    printRedrive(results, Boolean(opts.json));
    if (results.some((r) => r.failed)) process.exitCode = 1;
  });

const cases = program.command('cases').description('people in the loop: cases, their owners, due times and history');
cases
  .command('list')
  .description('cases, newest first')
  .option('--status <status>', 'open, contacted, resolved or dismissed')
  .option('--owner <email>', 'only this owner\'s cases')
  .option('--priority <p>', 'P1, P2 or P3')
  .option('-n, --limit <n>', 'how many', integer('--limit'), 50)
  .option('--json', 'machine-readable output')
  .action(async (opts) => {
    const { casesList } = await import('./commands/cases');
    await casesList({ ...opts, ...globals() });
  });
cases
  .command('show <id>')
  .description('one case: the customer\'s words, owner, due time, deliveries, notes and history')
  .option('--json', 'machine-readable output')
  .action(async (id: string, opts) => {
    const { casesShow } = await import('./commands/cases');
    await casesShow(id, { ...opts, ...globals() });
  });
for (const [name, args, description] of [
  ['assign', '<id> <email>', 'give a case to a team member (by email)'],
  ['note', '<id> <text>', 'add a note to a case'],
  ['contacted', '<id> [note]', 'record that the customer was reached'],
  ['resolve', '<id> [note]', 'close a case as resolved'],
  ['dismiss', '<id> [note]', 'close a case that needs no follow-up'],
] as const) {
  cases
    .command(`${name} ${args}`)
    .description(description)
    .option('--by <who>', 'who is acting, for the history (default: $USER)')
    .option('--json', 'machine-readable output')
    .action(async (id: string, value: string | undefined, opts) => {
      const { casesChange } = await import('./commands/cases');
      await casesChange(id, name, value, { ...opts, ...globals() });
    });
}

const suppress = program.command('suppress').description('the suppression list: customers who are never emailed');
suppress
  .command('add <email-or-key...>')
  .description('never email these customers')
  .option('-r, --reason <reason>', 'why, kept with the entry', 'manual')
  .action(async (values: string[], opts) => {
    const { suppressAdd } = await import('./commands/suppress');
    await suppressAdd(values, { ...opts, ...globals() });
  });
suppress
  .command('remove <email-or-key...>')
  .description('allow emails to these customers again')
  .action(async (values: string[]) => {
    const { suppressRemove } = await import('./commands/suppress');
    await suppressRemove(values, globals());
  });
suppress
  .command('list')
  .description('every suppressed customer key with its reason and date')
  .option('--json', 'machine-readable output')
  .action(async (opts) => {
    const { suppressList } = await import('./commands/suppress');
    await suppressList({ ...opts, ...globals() });
  });

program.parseAsync().catch((err: unknown) => {
  const message = explain(err);
  console.error(message ? `cx-loop: ${message}` : err);
  process.exitCode = err instanceof CliError ? err.exitCode : 1;
});

/** One clear line for errors a person can act on; undefined for bugs, which keep their stack. */
function explain(err: unknown): string | undefined {
  if (err instanceof CliError) return err.message;
  const e = err as NodeJS.ErrnoException & { $metadata?: unknown; name?: string };
  if (e?.code === 'ENOENT') return `file not found: ${e.path}`;
  if (e?.$metadata) return `AWS ${e.name}: ${e.message}`;
  if (e?.code === 'ECONNREFUSED' || (e as { cause?: { code?: string } })?.cause?.code === 'ECONNREFUSED') {
    return `${e.message}. Is the local runtime still running (\`npm start\`)?`;
  }
  return undefined;
}
