/** Qualtrics Response API: one response by id, X-API-TOKEN auth, datacenter-specific base URL. */
import type { FetchItem } from '#domain/sources/shared/thin-payload';
import { getJson, pathSegment, type RetryPolicy } from './http';

export interface QualtricsApi {
  token: string;
  /** Your datacenter, e.g. https://yourdatacenterid.qualtrics.com. */
  baseUrl: string;
  retry?: RetryPolicy;
}

export function fetchQualtricsResponse(item: FetchItem, { token, baseUrl, retry }: QualtricsApi) {
  if (!item.surveyId) throw new Error('Qualtrics responses are addressed by survey id');
  const path = `/API/v3/surveys/${pathSegment(item.surveyId)}/responses/${pathSegment(item.responseId)}`;
  return getJson({ vendor: 'qualtrics', url: new URL(path, baseUrl).href, headers: { 'x-api-token': token }, ...(retry ? { retry } : {}) });
}
