/**
 * SurveyMonkey API v3, bearer token auth: one response's details (`simple=true` asks for answer
 * text too) and, only when a chosen answer still has no text, the survey's definition to resolve
 * its `choice_id` (SurveyMonkey's daily call quota is small, so the second call is not made blindly).
 */
import type { FetchItem } from '#domain/sources/shared/thin-payload';
import { getJson, pathSegment, type RetryPolicy } from './http';

export interface SurveyMonkeyApi {
  token: string;
  /** Default https://api.surveymonkey.com (EU accounts: https://api.eu.surveymonkey.com). */
  baseUrl?: string;
  retry?: RetryPolicy;
}

export async function fetchSurveyMonkeyResponse(item: FetchItem, { token, baseUrl = 'https://api.surveymonkey.com', retry }: SurveyMonkeyApi) {
  if (!item.surveyId) throw new Error('SurveyMonkey responses are addressed by survey id');
  const get = (path: string) =>
    getJson({ vendor: 'surveymonkey', url: new URL(path, baseUrl).href, headers: { authorization: `Bearer ${token}` }, ...(retry ? { retry } : {}) });
  const survey = pathSegment(item.surveyId);
  const response = await get(`/v3/surveys/${survey}/responses/${pathSegment(item.responseId)}/details?simple=true`);
  if (!hasUnresolvedChoice(response)) return { response };
  return { response, survey: await get(`/v3/surveys/${survey}/details`) };
}

function hasUnresolvedChoice(response: unknown): boolean {
  const pages = (response as { pages?: Array<{ questions?: Array<{ answers?: Array<{ choice_id?: unknown; simple_text?: unknown }> }> }> })?.pages;
  if (!Array.isArray(pages)) return false;
  return pages.some((page) => page.questions?.some((q) => q.answers?.some((a) => a.choice_id !== undefined && typeof a.simple_text !== 'string')));
}
