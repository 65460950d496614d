/**
 * Field mappings (`mappings` in cx-loop.config.json): validated with messages that name the key, and
 * routed into the same vendor code the ingest Lambda runs (createSourceRegistry). Genuine vendor
 * material where there is some (origins in test/fixtures/webhooks/<source>/README.md).
 */
import { describe, expect, it } from 'vitest';
import raw from '../../../cx-loop.config.json' with { type: 'json' };
import { parseSettings } from '../../../functions/domain/settings';
import type { SourceMappings } from '../../../functions/domain/sources/mappings';
import { createSourceRegistry } from '../../../functions/domain/sources/registry';
import type { FetchItem } from '../../../functions/domain/sources/shared/thin-payload';
import type { SourceResult } from '../../../functions/domain/sources/webhook-source';
import { NOW, fixture, request } from './signers';

const json = (source: string, name: string) => JSON.parse(fixture(source, name).toString());
const registry = (mappings: unknown) => createSourceRegistry(parseSettings({ ...raw, mappings }).mappings);
const draftOf = (result: SourceResult | { kind: 'fetch' }) => {
  if (result.kind !== 'feedback') throw new Error(`expected feedback, got ${JSON.stringify(result)}`);
  return result.drafts[0]!;
};
const problems = (mappings: unknown) => {
  try {
    parseSettings({ ...raw, mappings });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the settings to be refused');
};

describe('mappings: validation names the offending key', () => {
  it('the bundled config is valid and keeps every vendor\'s defaults', () => {
    expect(parseSettings(raw).mappings).toEqual({});
  });

  it.each([
    [{ typeform: { score: { ref: '', metric: 'nps' } } }, 'mappings.typeform.score.ref: expected a Typeform field ref, not an empty string'],
    [{ typeform: { score: { ref: 'q1' } } }, 'mappings.typeform.score.metric: name the scale the answer is on'],
    [{ formbricks: { score: { questionId: 'q1', metric: 'stars' } } }, 'mappings.formbricks.score.metric: "stars" is not a scale: use one of nps 0–10, csat 1–5, ces 1–7'],
    [{ typeform: { email: { ref: 'e', hidden: 'email' } } }, 'mappings.typeform.email: give exactly one of "ref" or "hidden" (got ref and hidden)'],
    [{ typeform: { name: {} } }, 'mappings.typeform.name: give exactly one of "ref" or "hidden"'],
    [{ typeform: { comment: { field: 'why' } } }, 'mappings.typeform.comment'],
    [{ surveymonkey: { score: { questionId: 'Q1', metric: 'nps' } } }, 'mappings.surveymonkey.score.questionId: expected a SurveyMonkey question id (digits'],
    [{ qualtrics: { locale: { field: '  ' } } }, 'mappings.qualtrics.locale.field'],
    [{ hubspot: { comment: { property: 'Comment Text' } } }, 'mappings.hubspot.comment.property: expected a HubSpot internal property name'],
    [{ typeform: { csat: { ref: 'x' } } }, 'mappings.typeform: Unrecognized key: "csat"'],
    [{ zendesk: { comment: { ref: 'x' } } }, 'mappings: no field mapping for "zendesk"'],
  ])('%j → %s', (mappings, message) => {
    expect(problems(mappings)).toContain(message);
  });
});

describe('Typeform: the official example payload, mapped', () => {
  const body = fixture('typeform', 'vendor-example-payload.json');
  const read = (mappings: SourceMappings) => draftOf(registry(mappings).sources.get('typeform')!.parse(request({ rawBody: body }), NOW));

  it('without a mapping: no score (a 1–5 weather question is no CSAT) and no name', () => {
    const draft = read({});
    expect(draft.metric).toEqual({ type: 'none' });
    expect(draft.customer.name).toBeUndefined();
  });

  it('a mapped ref becomes the score on the mapped scale, and a short-text answer the name', () => {
    const draft = read({ typeform: { score: { ref: 'readable_ref_number2', metric: 'csat' }, name: { ref: 'readable_ref_short_text' }, comment: { ref: 'readable_ref_long_text' } } });
    expect(draft.metric).toEqual({ type: 'csat', score: 4 });
    expect(draft.customer.name).toBe('Laura');
    expect(draft.text).toMatch(/^It's cold right now!/);
    // The respondent typed it: still unverified.
    expect(draft.customer.emailVerified).toBeUndefined();
  });

  it('a mapped score outside its scale is no score, never a guess from another field', () => {
    const draft = read({ typeform: { score: { ref: 'readable_ref_number1', metric: 'csat' } } });
    expect(draft.metric).toEqual({ type: 'csat', score: 5 });
    const doc = json('typeform', 'vendor-example-payload.json');
    doc.form_response.answers.find((a: { field: { id: string } }) => a.field.id === 'Q7M2XAwY04dW').number = 9;
    const out = draftOf(registry({ typeform: { score: { ref: 'readable_ref_number1', metric: 'csat' } } }).sources.get('typeform')!.parse(request({ rawBody: Buffer.from(JSON.stringify(doc)) }), NOW));
    expect(out.metric).toEqual({ type: 'none' });
  });

  it('reads customer attributes from hidden fields', () => {
    expect(read({ typeform: { email: { hidden: 'user_id' } } }).customer.email).toBeUndefined(); // not an address: dropped, not a 400
    const doc = json('typeform', 'vendor-example-payload.json');
    doc.form_response.hidden = { ...doc.form_response.hidden, language: 'fr-CA' };
    const out = draftOf(registry({ typeform: { locale: { hidden: 'language' } } }).sources.get('typeform')!.parse(request({ rawBody: Buffer.from(JSON.stringify(doc)) }), NOW));
    expect(out.customer.locale).toBe('fr-CA');
  });
});

describe('SurveyMonkey: the API docs\' response details, mapped', () => {
  const item: FetchItem = { sourceEventId: '5007154402', responseId: '5007154402' };
  const fetched = { response: json('surveymonkey', 'vendor-response-details.json'), survey: json('surveymonkey', 'survey-details-for-vendor-response.json') };
  const read = (mappings: SourceMappings) => draftOf(registry(mappings).thin.get('surveymonkey')!.complete(fetched, item, NOW));

  it('a custom variable of the collector link becomes the name (none without the mapping)', () => {
    expect(read({}).customer.name).toBeUndefined();
    expect(read({ surveymonkey: { name: { customVariable: 'custvar_1' } } }).customer.name).toBe('one');
  });

  it('a mapped question is read on its scale without the 0–10 check', () => {
    expect(read({}).metric).toEqual({ type: 'nps', score: 10 });
    // A 1–10 question (no 0 choice) is not recognised as NPS; mapped, its chosen choice is the score.
    const oneToTen = structuredClone(fetched);
    const question = oneToTen.survey.pages[0].questions[0];
    question.answers.choices = question.answers.choices.filter((c: { text: string }) => c.text !== '0');
    const sm = (mappings: SourceMappings) => registry(mappings).thin.get('surveymonkey')!.complete(oneToTen, item, NOW);
    expect(sm({}).kind).toBe('ignored');
    expect(draftOf(sm({ surveymonkey: { score: { questionId: '319352786', metric: 'nps' } } })).metric).toEqual({ type: 'nps', score: 10 });
  });
});

describe('Qualtrics, Formbricks, HubSpot, Twilio: mapped fields', () => {
  it('Qualtrics: a QID as CSAT, embedded data as locale, a typed address unverified', () => {
    const doc = json('qualtrics', 'response.json');
    Object.assign(doc.result.values, { QID5: 4, Lang: 'pt_BR', QID9_TEXT: 'typed@example.com' });
    const item = { sourceEventId: 'R_1a2B3c4D5e6F7g8', responseId: 'R_1a2B3c4D5e6F7g8' };
    const qualtrics = registry({ qualtrics: { score: { field: 'QID5', metric: 'csat' }, locale: { field: 'Lang' }, email: { field: 'QID9_TEXT' } } }).thin.get('qualtrics')!;
    expect(draftOf(qualtrics.complete(doc, item, NOW))).toMatchObject({ metric: { type: 'csat', score: 4 }, customer: { locale: 'pt-BR', email: 'typed@example.com', emailVerified: false } });
    expect(draftOf(registry({}).thin.get('qualtrics')!.complete(doc, item, NOW))).toMatchObject({ metric: { type: 'nps', score: 3 }, customer: { email: 'noor@example.com', emailVerified: true } });
  });

  it('Formbricks: a mapped question replaces the default ids, and attributes feed the customer', () => {
    const doc = json('formbricks', 'promoter.json');
    doc.data.data = { ...doc.data.data, effort: 2 };
    doc.data.contactAttributes = { ...doc.data.contactAttributes, fullName: 'Ida Lund' };
    const body = Buffer.from(JSON.stringify(doc));
    const mapped = draftOf(registry({ formbricks: { score: { questionId: 'effort', metric: 'ces' }, name: { attribute: 'fullName' } } }).sources.get('formbricks')!.parse(request({ rawBody: body }), NOW));
    expect(mapped).toMatchObject({ metric: { type: 'ces', score: 2 }, customer: { name: 'Ida Lund' } });
    expect(draftOf(registry({}).sources.get('formbricks')!.parse(request({ rawBody: body }), NOW)).metric.type).toBe('nps');
  });

  it('HubSpot: a custom property as the score, read as is', () => {
    const doc = json('hubspot', 'submission-nps.json');
    doc.properties.effort_score = '6';
    const item = { sourceEventId: 'submission-9001', responseId: '9001' };
    const draft = draftOf(registry({ hubspot: { score: { property: 'effort_score', metric: 'ces' } } }).thin.get('hubspot')!.complete(doc, item, NOW));
    expect(draft.metric).toEqual({ type: 'ces', score: 6 });
  });

  it('Twilio: the mapped scale of the SMS question', () => {
    const body = Buffer.from('MessageSid=SM1&From=%2B15550100&Body=4+fine');
    const read = (mappings: SourceMappings) => draftOf(registry(mappings).sources.get('twilio')!.parse(request({ rawBody: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), NOW));
    expect(read({}).metric).toEqual({ type: 'nps', score: 4 });
    expect(read({ twilio: { score: { metric: 'csat' } } }).metric).toEqual({ type: 'csat', score: 4 });
  });
});
