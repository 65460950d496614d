/** Runs `work` over an async source with at most `concurrency` items in flight, in read order. */
export async function forEachConcurrent<T>(source: AsyncIterable<T>, concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = source[Symbol.asyncIterator]();
  let stopped = false;
  const worker = async () => {
    // Async generators queue concurrent next() calls, so workers share one reader safely.
    while (!stopped) {
      const next = await iterator.next();
      if (next.done) return;
      try {
        await work(next.value);
      } catch (err) {
        stopped = true;
        throw err;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  } finally {
    await iterator.return?.(undefined);
  }
}
