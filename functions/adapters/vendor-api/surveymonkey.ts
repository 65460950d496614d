/** SurveyMonkey API v3: one response with answers as text (`simple=true`), bearer token auth. */
import type { FetchItem } from '#domain/sources/shared/thin-payload';
import { getJson, type RetryPolicy } from './http';

export interface SurveyMonkeyApi {
  token: string;
  /** Default https://api.surveymonkey.com (EU accounts: https://api.eu.surveymonkey.com). */
  baseUrl?: string;
  retry?: RetryPolicy;
}

export function fetchSurveyMonkeyResponse(item: FetchItem, { token, baseUrl = 'https://api.surveymonkey.com', retry }: SurveyMonkeyApi) {
  if (!item.surveyId) throw new Error('SurveyMonkey responses are addressed by survey id');
  const path = `/v3/surveys/${encodeURIComponent(item.surveyId)}/responses/${encodeURIComponent(item.responseId)}/details?simple=true`;
  return getJson({ vendor: 'surveymonkey', url: new URL(path, baseUrl).href, headers: { authorization: `Bearer ${token}` }, ...(retry ? { retry } : {}) });
}
