/** A failure of one analysis step, reported instead of crashing the caller. */
export interface StepFailure {
  readonly step: string;
  readonly message: string;
}

/**
 * Runs one analysis step in isolation: dockerfile-utils and dockerfile-ast overflow their stack on some
 * short inputs, and a bug in one rule must cost that rule, not the server. Returns the fallback on failure.
 */
export function guard<T>(step: string, failures: StepFailure[], fallback: T, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    failures.push({ step, message });
    return fallback;
  }
}
