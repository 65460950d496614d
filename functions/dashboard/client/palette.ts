/** One palette for every chart: the same meaning always wears the same colour. */
export const COLORS = {
  brand: '#4f46e5',
  brandSoft: 'rgba(79, 70, 229, 0.12)',
  muted: '#94a3b8',
  grid: 'rgba(148, 163, 184, 0.18)',
  ink: '#0f172a',
  promoter: '#16a34a',
  passive: '#f59e0b',
  detractor: '#dc2626',
  positive: '#22c55e',
  neutral: '#94a3b8',
  mixed: '#a855f7',
  negative: '#ef4444',
  csat: '#0ea5e9',
  ces: '#14b8a6',
  median: '#4f46e5',
  p95: '#f97316',
} as const;

export const CHANNEL_LABELS: Record<string, string> = {
  survey: 'Survey',
  support_ticket: 'Support ticket',
  chat: 'Chat',
  email: 'Email',
  sms: 'SMS',
  review: 'Review',
  social: 'Social',
};

/** Each webhook source by its vendor's own name (the feedback table says where a response came from). */
export const SOURCE_LABELS: Record<string, string> = {
  generic: 'API',
  typeform: 'Typeform',
  surveymonkey: 'SurveyMonkey',
  qualtrics: 'Qualtrics',
  delighted: 'Delighted',
  formbricks: 'Formbricks',
  hubspot: 'HubSpot',
  'google-forms': 'Google Forms',
  zendesk: 'Zendesk',
  intercom: 'Intercom',
  twilio: 'Twilio SMS',
};
