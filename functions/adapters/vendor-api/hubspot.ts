/** HubSpot CRM: one feedback submission with the properties the hubspot source maps (defaults plus `mappings.hubspot`). */
import { HUBSPOT_FEEDBACK_PROPERTIES } from '#domain/sources/hubspot';
import type { FetchItem } from '#domain/sources/shared/thin-payload';
import { getJson, pathSegment, type RetryPolicy } from './http';

export interface HubSpotApi {
  /** Private app or OAuth access token with crm.objects.feedback_submissions.read. */
  token: string;
  baseUrl?: string;
  retry?: RetryPolicy;
}

export function fetchHubSpotSubmission(item: FetchItem, { token, baseUrl = 'https://api.hubapi.com', retry }: HubSpotApi) {
  const url = new URL(`/crm/v3/objects/feedback_submissions/${pathSegment(item.responseId)}`, baseUrl);
  url.searchParams.set('properties', (item.properties ?? HUBSPOT_FEEDBACK_PROPERTIES).join(','));
  return getJson({ vendor: 'hubspot', url: url.href, headers: { authorization: `Bearer ${token}` }, ...(retry ? { retry } : {}) });
}
