/** One entry point per thin vendor, so the handler can dispatch on `FetchRequest.vendor`. */
import type { FetchItem, ThinVendor } from '#domain/sources/shared/thin-payload';
import type { RetryPolicy } from './http';
import { fetchHubSpotSubmission } from './hubspot';
import { fetchQualtricsResponse } from './qualtrics';
import { fetchSurveyMonkeyResponse } from './surveymonkey';

export interface VendorApiConfig {
  token: string;
  baseUrl?: string;
  retry?: RetryPolicy;
}

export async function fetchThinResponse(vendor: ThinVendor, item: FetchItem, config: VendorApiConfig): Promise<unknown> {
  switch (vendor) {
    case 'surveymonkey':
      return fetchSurveyMonkeyResponse(item, config);
    case 'hubspot':
      return fetchHubSpotSubmission(item, config);
    case 'qualtrics':
      if (!config.baseUrl) throw new Error('Qualtrics needs its datacenter base URL');
      return fetchQualtricsResponse(item, { ...config, baseUrl: config.baseUrl });
  }
}

export { VendorApiError } from './http';
