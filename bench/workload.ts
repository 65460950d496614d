/**
 * The benchmark's traffic: a deterministic mix of sources, metrics, scores and languages, with
 * about 40% of responses carrying no comment (score-only surveys are common and must cost no
 * Comprehend call). Every event has its own customer, so cooldowns never hide an email.
 */
import type { ScoredMetric } from '#domain/feedback-event';
import type { SampleInput } from '../cli/lib/samples';
import { seededRandom } from '../functions/domain/seeded-random';

export interface BenchEvent {
  source: string;
  input: Omit<SampleInput, 'now'>;
  /** Whether the event reaches analyze with the comment's language (so no detection is due). */
  languageGiven: boolean;
}

/**
 * Sources whose vendor pushes the whole response (thin-payload vendors need their APIs, not
 * benchmarked). Only the generic schema carries the comment's language; vendors send the
 * respondent's locale, which cx-loop keeps as the customer's locale and does not trust as the
 * language of the text, so those comments go through language detection.
 */
const SOURCES: ReadonlyArray<{ source: string; metrics: ReadonlyArray<ScoredMetric | 'none'>; givesLanguage: boolean }> = [
  { source: 'generic', metrics: ['nps', 'csat', 'ces'], givesLanguage: true },
  { source: 'google-forms', metrics: ['nps', 'csat'], givesLanguage: true },
  { source: 'typeform', metrics: ['nps', 'csat'], givesLanguage: false },
  { source: 'delighted', metrics: ['nps', 'csat', 'ces'], givesLanguage: false },
  { source: 'intercom', metrics: ['csat'], givesLanguage: false },
  { source: 'formbricks', metrics: ['nps', 'ces'], givesLanguage: false },
];

const SCALES: Record<ScoredMetric, [number, number]> = { nps: [0, 10], csat: [1, 5], ces: [1, 7] };

const COMMENTS: Record<string, string[]> = {
  en: ['Fast delivery and a friendly driver, thank you!', 'The parcel arrived damaged and nobody answered my emails.', 'It was fine.', 'Great product but the checkout kept failing.'],
  es: ['Entrega rápida y muy buena atención.', 'El pedido llegó tarde y roto, muy decepcionado.', 'Todo normal.'],
  fr: ['Livraison rapide, produit parfait, merci !', 'Commande jamais reçue, service client injoignable.', 'Rien à signaler.'],
  de: ['Schnelle Lieferung und toller Service, danke!', 'Die Ware kam beschädigt an, sehr ärgerlich.', 'War in Ordnung.'],
  pt: ['Entrega rápida e atendimento excelente!', 'O pedido chegou quebrado e ninguém respondeu.', 'Normal.'],
};
const LANGUAGES = Object.keys(COMMENTS);

const random = seededRandom;

export interface WorkloadOptions {
  events: number;
  seed?: number;
  /** The naive baseline leaves the language out, so every comment needs language detection. */
  omitLanguage?: boolean;
  /** Keeps event ids apart between runs against the same tables. */
  runId: string;
}

export function workload({ events, seed = 42, omitLanguage = false, runId }: WorkloadOptions): BenchEvent[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  return Array.from({ length: events }, (_, i) => {
    const { source, metrics, givesLanguage } = pick(SOURCES);
    const metric = pick(metrics);
    const [lo, hi] = SCALES[metric as ScoredMetric];
    const language = pick(LANGUAGES);
    const withComment = next() >= 0.4;
    return {
      source,
      languageGiven: withComment && givesLanguage && !omitLanguage,
      input: {
        id: `bench-${runId}-${i}`,
        metric,
        score: lo + Math.floor(next() * (hi - lo + 1)),
        ...(withComment ? { text: pick(COMMENTS[language]!) } : {}),
        // Vendors carry it as the respondent's locale; only the generic schema as the text's language.
        ...(withComment && !omitLanguage ? { language } : {}),
        email: `bench-${runId}-${i}@example.com`,
        name: `Customer ${i}`,
      },
    };
  });
}
