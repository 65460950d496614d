/** Operator settings: brand, sender, enabled sources, rules, retention. Validated at startup. */
import { z } from 'zod';
import { CasesSettings } from './cases/settings';
import { Budget } from './budget';
import { Brand } from './email/brand';
import { EmailSettings, emailSettingsProblems } from './email/email-settings';
import { Experiments, Resurvey } from './experiments/settings';
import { Guards } from './guards';
import { MetricsSettings } from './metrics-settings';
import { Rules } from './rules';
import { SourceMappings } from './sources/mappings';

export const Settings = z.object({
  brand: Brand,
  sender: z.object({
    fromName: z.string().min(1),
    fromAddress: z.email(),
    replyTo: z.email().optional(),
  }),
  /** Email languages, review invitations and unverified addresses (functions/domain/email/email-settings.ts). */
  email: EmailSettings.prefault({}),
  sources: z.array(z.string()).min(1),
  /** Per-source field mappings: score and scale, comment, email/name/locale (functions/domain/sources/mappings.ts). */
  mappings: SourceMappings.prefault({}),
  rules: Rules.prefault({}),
  guards: Guards.prefault({}),
  /** Optional Comprehend extras, each an extra call: PII redaction of stored comments, key-phrase topics. */
  textAnalysis: z.strictObject({ redactPii: z.boolean().default(false), keyPhrases: z.boolean().default(false) }).prefault({}),
  /** A monthly Comprehend budget: past it, feedback is decided on its score alone (functions/domain/budget.ts). */
  budget: Budget.prefault({}),
  /** Business timezone for rollup days, and the NPS alarm thresholds. */
  metrics: MetricsSettings.prefault({}),
  /** People in the loop: cases, owners, SLAs, chat and helpdesk connectors (functions/domain/cases/settings.ts). */
  cases: CasesSettings.prefault({}),
  /** "Did the recovery work?": the re-survey some days after a recovery, and the recovery experiment (arms, shares, dates). */
  resurvey: Resurvey.prefault({}),
  experiments: Experiments.prefault({}),
  /** Raw feedback ages out after this many days (DynamoDB TTL). */
  retentionDays: z.number().int().min(1).max(3650),
}).superRefine((s, ctx) => {
  for (const problem of emailSettingsProblems(s.email, s.brand)) ctx.addIssue({ code: 'custom', ...problem });
  // An offer arm without a code would silently be a second standard arm.
  s.experiments.recovery?.arms.forEach((arm, i) => {
    if (arm.treatment === 'offer' && !s.brand.offer) ctx.addIssue({ code: 'custom', path: ['experiments', 'recovery', 'arms', i, 'treatment'], message: 'an offer arm needs brand.offer (its code is what the arm sends)' });
  });
});
export type Settings = z.infer<typeof Settings>;

/** Parses settings with messages that name the offending key. */
export function parseSettings(raw: unknown): Settings {
  const result = Settings.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
  throw new Error(`Invalid cx-loop settings:\n${problems}`);
}
