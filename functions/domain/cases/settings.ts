/**
 * Cases settings (`cases` in cx-loop.config.json): when a case opens, how priority is read off the
 * rule that fired, which team owns it (routing rules, round-robin inside a team), its SLA per
 * priority, and which connectors (chat, helpdesk) hear about it. Validated at startup.
 */
import { z } from 'zod';
import { isIanaTimezone } from '../feedback-event';

export const PRIORITIES = ['P1', 'P2', 'P3'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const CONNECTORS = ['slack', 'teams', 'zendesk', 'jira'] as const;
export type ConnectorName = (typeof CONNECTORS)[number];

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)');

export const Person = z.strictObject({
  name: z.string().min(1).max(100),
  email: z.email(),
  /** Slack member id (U…) or handle, shown as a mention in the chat message. */
  chat: z.string().min(1).max(80).optional(),
});
export type Person = z.infer<typeof Person>;

export const Team = z.strictObject({
  members: z.array(Person).min(1),
  /** Who hears when a case stays past due beyond the second threshold. */
  lead: Person,
  timezone: z.string().refine(isIanaTimezone, 'expected an IANA timezone like "Europe/Paris"').default('UTC'),
  /** Working hours, for SLAs counted in business hours. Days: 1 = Monday … 7 = Sunday. */
  businessHours: z
    .strictObject({ days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]), start: Clock.default('09:00'), end: Clock.default('17:00') })
    .refine((h) => h.start < h.end, 'start must be before end')
    .prefault({}),
});
export type Team = z.infer<typeof Team>;

const list = z.array(z.string().min(1).max(100)).min(1).optional();

/** A routing rule: every condition given must hold (any listed value matches); the first rule that matches wins. */
export const Route = z.strictObject({
  when: z
    .strictObject({ source: list, channel: list, survey: list, language: list, tags: list, priority: z.array(Priority).min(1).optional() })
    .default({}),
  team: z.string().min(1),
});
export type Route = z.infer<typeof Route>;

export const Sla = z.strictObject({
  /** The case should be resolved within this many hours of opening. */
  hours: z.number().positive().max(24 * 90),
  /** Count only the team's business hours. */
  businessHours: z.boolean().default(false),
  /** Past due by this many more hours (same clock), the team lead is told. */
  leadAfterHours: z.number().positive().max(24 * 90),
});
export type Sla = z.infer<typeof Sla>;

const DEFAULT_TEAM = {
  members: [{ name: 'CX on call', email: 'cx-oncall@example.com' }],
  lead: { name: 'CX lead', email: 'cx-lead@example.com' },
};

export const CasesSettings = z
  .strictObject({
    /** `escalations`: a case per escalated feedback; `recoveries`: per recovery too; `off`: no cases. */
    open: z.enum(['escalations', 'recoveries', 'off']).default('escalations'),
    /**
     * Priority by the rule that fired (decision.escalation.rule, else decision.rule); rule names
     * match exactly or by prefix ending in `.` ("recovery." matches every recovery rule). Unlisted: P3.
     */
    priorities: z
      .strictObject({ P1: z.array(z.string()).default([]), P2: z.array(z.string()).default([]), P3: z.array(z.string()).default([]) })
      .default({
        P1: ['escalation.signal', 'escalation.nps', 'escalation.high-value'],
        P2: ['escalation.'],
        P3: ['recovery.'],
      }),
    sla: z
      .strictObject({ P1: Sla, P2: Sla, P3: Sla })
      .default({
        P1: { hours: 4, businessHours: false, leadAfterHours: 2 },
        P2: { hours: 24, businessHours: false, leadAfterHours: 8 },
        P3: { hours: 72, businessHours: true, leadAfterHours: 24 },
      }),
    teams: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'team names are lowercase letters, digits and dashes'), Team).default({ cx: Team.parse(DEFAULT_TEAM) }),
    routes: z.array(Route).default([]),
    defaultTeam: z.string().default('cx'),
    /** Where a case is announced; credentials live in Secrets Manager (cx-loop/connectors). */
    connectors: z
      .strictObject({ slack: z.boolean().default(false), teams: z.boolean().default(false), zendesk: z.boolean().default(false), jira: z.boolean().default(false) })
      .prefault({}),
  })
  .superRefine((s, ctx) => {
    const teams = new Set(Object.keys(s.teams));
    if (!teams.has(s.defaultTeam)) ctx.addIssue({ code: 'custom', path: ['defaultTeam'], message: `no team named "${s.defaultTeam}"` });
    s.routes.forEach((r, i) => {
      if (!teams.has(r.team)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'team'], message: `no team named "${r.team}"` });
    });
  });
export type CasesSettings = z.infer<typeof CasesSettings>;

export const DEFAULT_CASES_SETTINGS: CasesSettings = CasesSettings.parse({});
