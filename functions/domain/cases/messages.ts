/**
 * What arrives on the case-events queue and the connector queue. The escalation topic delivers
 * its alert as is (raw SNS delivery); everything else names its type.
 */
import { z } from 'zod';
import { CONNECTORS } from './settings';

export const CaseEventMessage = z.union([
  /** analyze: a feedback that may open a case (recoveries, when `cases.open` is `recoveries`). */
  z.object({ type: z.literal('open'), feedbackKey: z.string().min(1) }),
  /** analyze: the customer's next feedback shows the recovery worked: their open cases resolve. */
  z.object({ type: z.literal('recovered'), feedbackKey: z.string().min(1), customerKey: z.string().min(1) }),
  /** EventBridge Scheduler at the due time, then at the lead threshold. */
  z.object({ type: z.enum(['due', 'lead']), caseId: z.string().min(1) }),
  /** The escalation topic's alert (functions/domain/escalation.ts). */
  z.looseObject({ type: z.undefined().optional(), feedbackKey: z.string().min(1), rule: z.string() }).transform((a) => ({ type: 'escalation' as const, feedbackKey: a.feedbackKey })),
]);
export type CaseEventMessage = z.output<typeof CaseEventMessage>;

export const ConnectorMessage = z.object({
  caseId: z.string().min(1),
  connector: z.enum(CONNECTORS),
  kind: z.enum(['opened', 'reminder', 'lead']),
});
export type ConnectorMessage = z.infer<typeof ConnectorMessage>;
