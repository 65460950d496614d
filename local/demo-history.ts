/**
 * Four weeks of made-up survey history for `npm run demo`, so the dashboard has a trend to show:
 * deterministic (same scores every run), spread over channels, NPS drifting up as "fixes ship".
 * No customer email, so history never sends outreach.
 */
const COMMENTS = {
  promoter: ['Fast delivery and a lovely team, thank you!', 'Great quality, will order again.', 'The support agent was brilliant and kind.', 'Easy to order and everything arrived perfect.'],
  passive: ['It was fine, nothing special.', 'Okay experience overall.', ''],
  detractor: ['The parcel was late and support never replied.', 'Terrible experience, the product broke after two days.', 'Very disappointed, I was charged twice.'],
};
const CHANNELS = ['survey', 'survey', 'chat', 'email', 'support_ticket', 'sms', 'review'] as const;

/** A small deterministic PRNG (mulberry32): the demo looks the same on every machine. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoHistory(run: string, now: Date, days = 28): Array<Record<string, unknown>> {
  const next = random(42);
  const events: Array<Record<string, unknown>> = [];
  for (let ago = days; ago >= 1; ago--) {
    const day = new Date(now.getTime() - ago * 86_400_000);
    const perDay = 2 + Math.floor(next() * 4);
    for (let i = 0; i < perDay; i++) {
      // Detractors fade from ~35% to ~10% over the period.
      const detractorOdds = 0.1 + (0.25 * ago) / days;
      const roll = next();
      const score = roll < detractorOdds ? Math.floor(next() * 7) : roll < detractorOdds + 0.25 ? 7 + Math.floor(next() * 2) : 9 + Math.floor(next() * 2);
      const band = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
      const text = COMMENTS[band][Math.floor(next() * COMMENTS[band].length)]!;
      const channel = CHANNELS[Math.floor(next() * CHANNELS.length)]!;
      const kind = next();
      events.push({
        sourceEventId: `demo-${run}-h${ago}-${i}`,
        occurredAt: new Date(day.getTime() + Math.floor(next() * 10) * 3_600_000).toISOString(),
        customer: { id: `demo-customer-${Math.floor(next() * 500)}` },
        channel,
        metric: kind < 0.2 ? { type: 'csat', score: Math.max(1, Math.round(score / 2)) } : kind < 0.3 ? { type: 'ces', score: Math.max(1, Math.round((score * 7) / 10)) } : { type: 'nps', score },
        ...(text ? { text, language: 'en' } : {}),
      });
    }
  }
  return events;
}
