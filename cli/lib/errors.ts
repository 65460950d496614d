/** Errors meant for the person at the terminal: printed as one clear message, no stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/** The message a person needs when a URL cannot be reached, naming it and the likely fix. */
export function unreachable(url: string, cause: unknown): CliError {
  // The query may carry a shared secret (Qualtrics' ?token=); never echo it.
  url = url.split('?')[0]!;
  const inner = (cause as { cause?: { code?: string; message?: string } })?.cause;
  const code = inner?.code ?? inner?.message ?? (cause as Error)?.message ?? String(cause);
  const local = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?/.test(url);
  const hint = local
    ? 'Is the local runtime running? Start it with `npm start`; it prints its CX_LOOP_ENDPOINT. On another port, set PORT as for `npm start` or CX_LOOP_ENDPOINT=<its API URL> (or pass --endpoint).'
    : 'Check the URL (the stack output WebhookUrl, without /webhooks/{source}) and your network; set CX_LOOP_ENDPOINT or pass --endpoint.';
  return new CliError(`Cannot reach ${url} (${code}). ${hint}`);
}
