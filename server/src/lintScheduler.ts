/**
 * Coalesces lint requests: many edits arriving together (typing, a paste, a burst of didChange
 * notifications) cause one lint of the newest version, on the next turn of the event loop, so there
 * is no added latency and stale versions are skipped.
 */
export class LintScheduler {
  private readonly pending = new Set<string>();
  /** URIs being linted, and those changed meanwhile (linted again once the current run ends). */
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  private scheduled = false;

  constructor(private readonly run: (uri: string) => Promise<void>) {}

  schedule(uri: string): void {
    if (this.running.has(uri)) {
      this.again.add(uri);
      return;
    }
    this.pending.add(uri);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  cancel(uri: string): void {
    this.pending.delete(uri);
    this.again.delete(uri);
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const uris = [...this.pending];
    this.pending.clear();
    for (const uri of uris) {
      this.running.add(uri);
      try {
        await this.run(uri);
      } finally {
        this.running.delete(uri);
        if (this.again.delete(uri)) this.schedule(uri);
      }
    }
  }
}

/**
 * Resolves after two turns of the event loop. One is not enough to see the next queued change: bytes
 * read from the pipe in the next turn are dispatched by vscode-jsonrpc in an immediate queued after ours.
 */
export function afterQueuedMessages(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** How long a sustained flood of changes may defer linting before the current version is linted anyway. */
export const MAX_SETTLE_MS = 250;

/**
 * The document version once queued changes have been applied: vscode-jsonrpc dispatches one message
 * per turn, so a burst of 1,000 changes is waited out (turns, not a timer: a single edit costs no
 * latency), bounded by MAX_SETTLE_MS. Undefined when the document is gone.
 */
export async function settledVersion(version: () => number | undefined, maxMs = MAX_SETTLE_MS): Promise<number | undefined> {
  const started = Date.now();
  let current = version();
  for (;;) {
    await afterQueuedMessages();
    const now = version();
    if (now === current || now === undefined || Date.now() - started > maxMs) return now;
    current = now;
  }
}
