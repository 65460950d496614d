/**
 * Per-source field mappings (`mappings` in cx-loop.config.json): which answer is the score and on
 * which scale, which is the comment, where the customer's email, name and locale come from — in
 * each vendor's own terms (Typeform field refs, SurveyMonkey question ids, Qualtrics QIDs and
 * embedded data, Formbricks question ids, HubSpot properties). Each vendor module owns its schema;
 * a parsed mapping *is* that vendor's constructor options, so the config file and code that calls
 * `createTypeformSource({…})` reach the same code. Unset parts keep each vendor's defaults.
 */
import { z } from 'zod';
import { FormbricksMapping } from './formbricks';
import { HubSpotMapping } from './hubspot';
import { QualtricsMapping } from './qualtrics';
import { MappedMetric } from './shared/mapping';
import { SurveyMonkeyMapping } from './surveymonkey';
import { TypeformMapping } from './typeform';

/** Twilio SMS surveys carry only the reply: the mapping says which question the SMS asked. */
export const TwilioMapping = z.strictObject({ score: z.strictObject({ metric: MappedMetric }).optional() });

export const SourceMappings = z.strictObject(
  {
    typeform: TypeformMapping.optional(),
    surveymonkey: SurveyMonkeyMapping.optional(),
    qualtrics: QualtricsMapping.optional(),
    formbricks: FormbricksMapping.optional(),
    hubspot: HubSpotMapping.optional(),
    twilio: TwilioMapping.optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `no field mapping for ${issue.keys.map((k) => `"${k}"`).join(', ')}: mappable sources are typeform, surveymonkey, qualtrics, formbricks, hubspot, twilio (generic, google-forms, delighted, zendesk and intercom payloads name their fields themselves)`
        : undefined,
  },
);
export type SourceMappings = z.infer<typeof SourceMappings>;

export const MAPPABLE_SOURCES = Object.keys(SourceMappings.shape) as Array<keyof SourceMappings>;
