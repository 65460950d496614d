/** How numbers read on a projector: few digits, units spelled the way people say them. */
export const dash = '—';

export const num = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? dash : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** `1 passive`, `3 passives`. */
export const plural = (n: number, word: string) => `${num(n)} ${word}${n === 1 ? '' : 's'}`;

export const signed = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? dash : `${n > 0 ? '+' : ''}${num(n, digits)}`);

/** Dollars: cents and up with two decimals, fractions of a cent with significant digits ("$0.00042"). */
export const usd = (n: number | null | undefined) =>
  n === null || n === undefined ? dash : n >= 0.01 || n === 0 ? `$${num(n, 2)}` : `$${n.toPrecision(2)}`;

export const pct = (n: number | null | undefined) => (n === null || n === undefined ? dash : `${num(n, n % 1 === 0 ? 0 : 1)}%`);

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return dash;
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${num(ms / 1_000, ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${num(ms / 60_000, 0)} min`;
  if (ms < 86_400_000) return `${num(ms / 3_600_000, 1)} h`;
  return `${num(ms / 86_400_000, 1)} d`;
}

export const shortDay = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

export const time = (iso: string) =>
  new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
