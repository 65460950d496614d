/**
 * Takes the SDK's `loggerMiddleware` off a client. It calls the client's logger with every request's
 * input and output run through the operation schema's sensitive-data filter — a walk over every
 * attribute of every item — and it does so even with the SDK's default logger, which discards it
 * (the calls are `logger?.info?.(…)` with the arguments built first). We configure no SDK logger
 * (our logs are Powertools'), so that walk was pure cost on every request: ~2% of the Node.js
 * process's CPU in a profiled bench run, and the same share of each Lambda's.
 */
export function withoutRequestLog<C extends { middlewareStack: { remove(name: string): boolean } }>(client: C): C {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}
