import { delightedSource } from './delighted';
import { createFormbricksSource } from './formbricks';
import { genericSource } from './generic';
import { googleFormsSource } from './google-forms';
import { createHubSpotSource } from './hubspot';
import { intercomSource } from './intercom';
import type { SourceMappings } from './mappings';
import { createQualtricsSource } from './qualtrics';
import type { ThinPayloadSource } from './shared/thin-payload';
import { createSurveyMonkeySource } from './surveymonkey';
import { createTwilioSource } from './twilio';
import { createTypeformSource } from './typeform';
import type { WebhookSource } from './webhook-source';
import { zendeskSource } from './zendesk';

export interface SourceRegistry {
  /** Every source the ingest route knows; which are enabled is configuration. */
  sources: ReadonlyMap<string, WebhookSource>;
  /**
   * Sources whose webhook only names a response: `parse` may answer `{kind: 'fetch'}`, the handler
   * reads each item through adapters/vendor-api and passes the document to `complete`.
   */
  thin: ReadonlyMap<string, ThinPayloadSource>;
}

/** The sources, each reading its payload with the configured field mapping (`mappings` in cx-loop.config.json). */
export function createSourceRegistry(mappings: SourceMappings = {}): SourceRegistry {
  const twilioScore = mappings.twilio?.score;
  const sources = [
    genericSource,
    googleFormsSource,
    createTypeformSource(mappings.typeform),
    delightedSource,
    createFormbricksSource(mappings.formbricks),
    zendeskSource,
    intercomSource,
    createTwilioSource(twilioScore ? { metric: twilioScore.metric } : {}),
  ];
  const thin = [createSurveyMonkeySource(mappings.surveymonkey), createQualtricsSource(mappings.qualtrics), createHubSpotSource(mappings.hubspot)];
  return { sources: new Map(sources.map((s) => [s.name, s])), thin: new Map(thin.map((s) => [s.name, s])) };
}

/** One source by name, webhook or thin; undefined when unknown. */
export function sourceNamed(registry: SourceRegistry, name: string): WebhookSource | ThinPayloadSource | undefined {
  return registry.sources.get(name) ?? registry.thin.get(name);
}

/** With no mappings: each vendor's defaults. */
export const { sources: SOURCES, thin: THIN_SOURCES } = createSourceRegistry();
