/** Settings for figures and their alarms (`metrics` in cx-loop.config.json). */
import { z } from 'zod';
import { isIanaTimezone } from './feedback-event';

export const MetricsSettings = z.object({
  /** Business timezone: where a rollup day starts and ends (IANA name). */
  timezone: z.string().refine(isIanaTimezone, 'expected an IANA timezone like "Europe/Paris"').default('UTC'),
  alarms: z
    .object({
      /** Alarm when the 7-day NPS falls by more than this many points against the 7 days before. */
      npsDropPoints: z.number().positive().max(200).default(10),
      /** Alarm when today's detractor share exceeds its 30-day baseline by more than this many points. */
      detractorSpikePoints: z.number().positive().max(100).default(15),
      /** Neither NPS alarm judges a window with fewer NPS responses than this. */
      minResponses: z.number().int().min(1).default(30),
    })
    .prefault({}),
});
export type MetricsSettings = z.infer<typeof MetricsSettings>;
