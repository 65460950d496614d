import { delightedSource } from './delighted';
import { formbricksSource } from './formbricks';
import { genericSource } from './generic';
import { googleFormsSource } from './google-forms';
import { hubSpotSource } from './hubspot';
import { intercomSource } from './intercom';
import { qualtricsSource } from './qualtrics';
import type { ThinPayloadSource } from './shared/thin-payload';
import { surveyMonkeySource } from './surveymonkey';
import { twilioSource } from './twilio';
import { typeformSource } from './typeform';
import type { WebhookSource } from './webhook-source';
import { zendeskSource } from './zendesk';

/** Every source the ingest route knows; which are enabled is configuration. */
export const SOURCES: ReadonlyMap<string, WebhookSource> = new Map(
  [genericSource, googleFormsSource, typeformSource, delightedSource, formbricksSource, zendeskSource, intercomSource, twilioSource].map(
    (source) => [source.name, source],
  ),
);

/**
 * Sources whose webhook only names a response: `parse` may answer `{kind: 'fetch'}`, the handler
 * reads each item through adapters/vendor-api and passes the document to `complete`.
 */
export const THIN_SOURCES: ReadonlyMap<string, ThinPayloadSource> = new Map(
  [surveyMonkeySource, qualtricsSource, hubSpotSource].map((source) => [source.name, source]),
);
