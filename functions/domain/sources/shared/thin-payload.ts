/**
 * Thin-payload vendors (SurveyMonkey, Qualtrics, HubSpot) notify that a response exists but do
 * not send it. Their `parse` answers `fetch`: which responses to read from the vendor API. The
 * handler fetches each (adapters/vendor-api) and hands the JSON back to `complete`, which is
 * pure and normalizes like any other source.
 */
import type { WebhookRequest, WebhookSource, SourceResult } from '../webhook-source';

export type ThinVendor = 'surveymonkey' | 'qualtrics' | 'hubspot';

export interface FetchItem {
  /** Dedupe key of the eventual FeedbackEvent; known before fetching so duplicates skip the API call. */
  sourceEventId: string;
  responseId: string;
  surveyId?: string;
  /** HubSpot: the submission properties to read, when the mapping names more than the defaults. */
  properties?: readonly string[];
}

export interface FetchRequest {
  kind: 'fetch';
  vendor: ThinVendor;
  items: FetchItem[];
}

export type ThinSourceResult = SourceResult | FetchRequest;

export interface ThinPayloadSource extends Omit<WebhookSource, 'parse'> {
  readonly vendor: ThinVendor;
  parse(req: WebhookRequest, now: Date): ThinSourceResult;
  /** Normalizes the vendor API's response document for one fetched item. */
  complete(fetched: unknown, item: FetchItem, now: Date): SourceResult;
}
