/** cx-loop: operate the feedback loop from a terminal, against the local runtime or AWS. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { METRIC_SCALES } from '#domain/feedback-event';
import { DEFAULT_ENDPOINT } from './lib/api';
import type { BackendOptions } from './lib/backend';
import { CliError } from './lib/errors';
import { SIGNED_SOURCES } from './lib/webhook';

// The handlers' structured logs are for CloudWatch; at a terminal only our own output matters.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const integer = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be a whole number.`);
  return n;
};

const program = new Command('cx-loop')
  .description('Operate the cx-loop feedback pipeline: send and replay feedback, import survey history, follow decisions, read metrics, manage DLQs and suppressions.')
  .addOption(new Option('-e, --endpoint <url>', 'API base URL: the local runtime or the deployed HTTP API').env('CX_LOOP_ENDPOINT').default(DEFAULT_ENDPOINT))
  .option('--aws', 'use the deployed stack in your AWS account for table and queue commands (instead of the local runtime)')
  .addOption(new Option('--stack <name>', 'CloudFormation stack to read outputs from with --aws').default('CxLoop'))
  .showHelpAfterError('(run with --help for usage)')
  .showSuggestionAfterError(true)
  .configureOutput({ outputError: (str, write) => write(str) });

const globals = (): BackendOptions & { endpoint: string } => {
  const g = program.opts<{ endpoint: string; aws?: boolean; stack: string }>();
  return { endpoint: g.endpoint.replace(/\/+$/, ''), ...(g.aws ? { aws: true } : {}), stack: g.stack };
};

program
  .command('send')
  .description('post one signed sample event, as the chosen vendor would send it')
  .addOption(new Option('-s, --source <source>', 'webhook source').choices(SIGNED_SOURCES).default('generic'))
  .addOption(new Option('-m, --metric <metric>', 'survey metric').choices([...Object.keys(METRIC_SCALES), 'none']).default('nps'))
  .option('--score <n>', 'score on the metric\'s scale (NPS 0–10, CSAT 1–5, CES 1–7)', integer('--score'))
  .option('-t, --text <text>', 'free-text comment')
  .option('-l, --language <tag>', 'language of the text, e.g. en, fr, pt-BR')
  .option('--email <address>', 'customer email (outreach goes here)')
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
    const { replay, printReplaySummary, assertConcurrency } = await import('./commands/replay');
    assertConcurrency(opts.concurrency);
    const summary = await replay(file, { ...opts, endpoint: globals().endpoint });
    printReplaySummary(summary, Boolean(opts.json));
    if (summary.rejected.length || summary.failed.length) process.exitCode = 1;
  });

program.parseAsync().catch((err: unknown) => {
  if (err instanceof CliError) {
    console.error(`cx-loop: ${err.message}`);
    process.exitCode = err.exitCode;
    return;
  }
  if ((err as NodeJS.ErrnoException)?.code === 'ENOENT') {
    console.error(`cx-loop: file not found: ${(err as NodeJS.ErrnoException).path}`);
    process.exitCode = 1;
    return;
  }
  console.error(err);
  process.exitCode = 1;
});
