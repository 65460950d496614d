/**
 * Google Forms has no native webhooks. The Apps Script in docs/sources.md posts each submission
 * as a generic FeedbackEvent-shaped body signed per Standard Webhooks, so this source is the
 * generic one under its own name (its own secret, its own dedupe namespace and metrics).
 */
import { createStandardWebhooksSource } from './generic';

export const googleFormsSource = createStandardWebhooksSource('google-forms');
