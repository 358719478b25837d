import { AsyncLocalStorage } from "node:async_hooks";

type Reporter = (done: number, total: number) => void;
const current = new AsyncLocalStorage<Reporter>();

/** Runs `work` with a progress reporter that long operations below it report to. */
export function withProgress<T>(reporter: Reporter, work: () => Promise<T>): Promise<T> {
  return current.run(reporter, work);
}

/**
 * Reports how far a long operation is (rows checked, posts created, rows exported). A no-op
 * outside a job, so the operation reads the same wherever it runs.
 */
export function reportProgress(done: number, total: number): void {
  current.getStore()?.(done, total);
}
