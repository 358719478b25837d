/**
 * Runs `work` on every item with at most `concurrency` in flight, taking the next item as soon
 * as one finishes (a slow item never holds a whole batch back). `work` handles its own errors.
 */
export async function forEachAtMost<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
