/** The longest delay setTimeout honours; longer waits are re-armed in steps. */
const MAX_TIMEOUT_MS = 2_147_483_647;

export interface TimerEntry {
  readonly due: number;
  readonly seq: number;
  /** Pending until it runs or is cancelled. */
  state: "pending" | "cancelled" | "done";
  readonly run: () => void;
}

/**
 * Every pending fire and retry in one binary min-heap behind a single unref'd timer, so
 * thousands of schedules cost one setTimeout. Cancelled entries are dropped lazily and the
 * heap is rebuilt when they outnumber the live ones.
 */
export class TimerQueue {
  private heap: TimerEntry[] = [];
  private seq = 0;
  private cancelledCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;
  private closed = false;

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.heap.length - this.cancelledCount;
  }

  add(due: number, run: () => void): TimerEntry {
    const entry: TimerEntry = { due, seq: this.seq++, state: "pending", run };
    this.push(entry);
    this.arm();
    return entry;
  }

  cancel(entry: TimerEntry | undefined): void {
    if (entry?.state !== "pending") return;
    entry.state = "cancelled";
    this.cancelledCount += 1;
    if (this.cancelledCount > 1024 && this.cancelledCount > this.heap.length / 2) this.compact();
    this.arm();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.heap = [];
    this.cancelledCount = 0;
  }

  private arm(): void {
    this.dropCancelledTop();
    const top = this.heap[0];
    const due = top ? top.due : Number.POSITIVE_INFINITY;
    if (this.closed || due === this.armedFor) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = due;
    if (!top) return;
    const delay = Math.min(Math.max(0, due - this.now()), MAX_TIMEOUT_MS);
    this.timer = setTimeout(() => this.tick(), delay);
    this.timer.unref();
  }

  private tick(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = this.now();
    try {
      for (let top = this.heap[0]; top && top.due <= now; top = this.heap[0]) {
        this.pop();
        if (top.state === "cancelled") this.cancelledCount -= 1;
        else {
          top.state = "done";
          top.run();
        }
      }
    } finally {
      this.arm();
    }
  }

  private dropCancelledTop(): void {
    for (let top = this.heap[0]; top?.state === "cancelled"; top = this.heap[0]) {
      this.pop();
      this.cancelledCount -= 1;
    }
  }

  private compact(): void {
    const live = this.heap.filter((entry) => entry.state === "pending");
    this.heap = [];
    this.cancelledCount = 0;
    for (const entry of live) this.push(entry);
  }

  private before(a: TimerEntry, b: TimerEntry): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private push(entry: TimerEntry): void {
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentEntry = heap[parent] as TimerEntry;
      if (!this.before(entry, parentEntry)) break;
      heap[index] = parentEntry;
      index = parent;
    }
    heap[index] = entry;
  }

  private pop(): TimerEntry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || !last) return top;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && this.before(heap[right] as TimerEntry, heap[left] as TimerEntry)
          ? right
          : left;
      const childEntry = heap[child] as TimerEntry;
      if (!this.before(childEntry, last)) break;
      heap[index] = childEntry;
      index = child;
    }
    heap[index] = last;
    return top;
  }
}
