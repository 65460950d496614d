/**
 * Settings of the recovery experiment and the re-survey. An experiment splits non-severe recoveries
 * (never an escalation) between arms, each with a treatment; the re-survey asks every participant —
 * control included — "how would you rate us now?", which is what makes the arms comparable.
 */
import { z } from 'zod';

export const TREATMENTS = ['none', 'standard', 'offer', 'delay'] as const;
export type Treatment = (typeof TREATMENTS)[number];

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes');

export const Arm = z.strictObject({
  name: Slug,
  /** Share of participants, 0–1; the shares of all arms add up to 1. */
  share: z.number().gt(0).max(1),
  /** `none`: no recovery email (a holdout); `standard`: the usual email; `offer`: with the offer code; `delay`: the usual email, `delayHours` later. */
  treatment: z.enum(TREATMENTS),
  delayHours: z.number().int().min(1).max(24 * 14).optional(),
});
export type Arm = z.infer<typeof Arm>;

export const RecoveryExperiment = z
  .strictObject({
    /** Part of every assignment's hash: a new id reshuffles customers. */
    id: Slug,
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
    arms: z.array(Arm).min(2).max(6),
    /** The arm the others are compared with. */
    control: Slug.default('control'),
    /** Responders per arm before any verdict is given. */
    minSamplePerArm: z.number().int().min(10).max(100_000).default(30),
  })
  .superRefine((e, ctx) => {
    if (Date.parse(e.start) >= Date.parse(e.end)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'the experiment must end after it starts' });
    const total = e.arms.reduce((s, a) => s + a.share, 0);
    if (Math.abs(total - 1) > 1e-6) ctx.addIssue({ code: 'custom', path: ['arms'], message: `arm shares add up to ${total}, not 1` });
    const names = e.arms.map((a) => a.name);
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['arms'], message: 'arm names must be unique' });
    if (!names.includes(e.control)) ctx.addIssue({ code: 'custom', path: ['control'], message: `no arm is named "${e.control}"` });
    e.arms.forEach((a, i) => {
      if (a.treatment === 'delay' && !a.delayHours) ctx.addIssue({ code: 'custom', path: ['arms', i, 'delayHours'], message: 'a delay arm needs delayHours' });
    });
  });
export type RecoveryExperiment = z.infer<typeof RecoveryExperiment>;

export const Experiments = z.strictObject({ recovery: RecoveryExperiment.optional() });
export type Experiments = z.infer<typeof Experiments>;

export const Resurvey = z.strictObject({
  enabled: z.boolean().default(false),
  /** Days after the recovery decision (for every arm, the holdout too) that the re-survey is sent. */
  afterDays: z.number().int().min(1).max(90).default(7),
  /** How long the answer links work. */
  linkDays: z.number().int().min(1).max(90).default(14),
});
export type Resurvey = z.infer<typeof Resurvey>;
