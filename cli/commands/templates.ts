/**
 * `cx-loop templates`: check and preview the email templates in templates/ as they are on disk now.
 * `preview` renders one kind and locale (with sample values, or for a stored feedback) into the local
 * SES inbox and prints the text part; `check` runs the validation `npm start` and `cdk synth` run.
 */
import { headerSafe } from '#domain/email/escape';
import { readTemplateFiles } from '#domain/email/build';
import { inputFromFeedback, renderPreview, sampleInput } from '#domain/email/preview';
import { formatProblem, KINDS, TemplateSet, validateTemplates, type EmailKind } from '#domain/email/templates';
import type { FeedbackRecord } from '#domain/feedback-record';
import { getJson } from '../lib/api';
import { useBackend, type BackendOptions } from '../lib/backend';
import { CliError } from '../lib/errors';

export interface PreviewOptions extends BackendOptions {
  kind: EmailKind;
  locale?: string;
  /** A stored feedback's key (the source and the response id `cx-loop send` prints): its name, words and language. */
  feedback?: string;
  /** Recipient shown in the local inbox. */
  to: string;
}

async function validated() {
  const { settings } = await import('../../functions/settings');
  const files = readTemplateFiles();
  const problems = validateTemplates(files, { languages: settings.email.languages });
  return { settings, set: new TemplateSet(files), problems };
}

export async function checkTemplates(): Promise<void> {
  const { set, problems } = await validated();
  if (problems.length) throw new CliError(`Invalid email templates:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
  const count = KINDS.map((k) => `${k}: ${set.locales(k).join(', ')}`).join('; ');
  console.log(`templates OK (${count})`);
}

export async function previewTemplate(options: PreviewOptions): Promise<void> {
  if (options.aws) throw new CliError('templates preview renders into the local SES inbox: run it against `npm start`, without --aws.');
  const { settings, set, problems } = await validated();
  if (problems.length) throw new CliError(`Invalid email templates (fix these first):\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);

  let input = sampleInput(options.kind, options.locale);
  if (options.feedback) {
    if (!options.feedback.includes('#')) throw new CliError(`--feedback expects a feedback key like generic#1234 (the source and the response id \`cx-loop send\` prints), got "${options.feedback}".`);
    await useBackend(options);
    const { getFeedback } = await import('#adapters/feedback-store');
    const record = (await getFeedback(options.feedback)) as unknown as FeedbackRecord | undefined;
    if (!record) throw new CliError(`No stored feedback ${options.feedback}.`);
    input = inputFromFeedback(record, options.kind, options.locale);
  }
  const email = renderPreview(input, settings, set);

  const health = await getJson<{ endpoints?: { ses?: string } }>(options.endpoint, '/health');
  const sesEndpoint = health?.endpoints?.ses;
  if (!sesEndpoint) throw new CliError(`${options.endpoint}/health lists no local SES: is this the local runtime (npm start)?`);
  process.env.AWS_ENDPOINT_URL_SESV2 = sesEndpoint;
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const { sendEmail } = await import('#adapters/mailer');
  const messageId = await sendEmail({
    from: `${headerSafe(settings.sender.fromName)} <${settings.sender.fromAddress}>`,
    to: options.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    tags: { kind: options.kind, preview: 'true' },
  });
  console.log(`${options.kind} · ${email.locale} → local inbox ${sesEndpoint} (message ${messageId})`);
  console.log(`Subject: ${email.subject}\n`);
  console.log(email.text);
}
