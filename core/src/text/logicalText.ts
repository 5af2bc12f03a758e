/**
 * The text of an instruction as the builder sees it: line continuations (escape char + newline)
 * removed and comment lines inside a continued instruction dropped, with a map from every
 * logical character back to its document offset so findings point at the real source.
 *
 * The map is kept as runs of characters copied unchanged (a few per instruction) rather than an
 * offset per character: this runs on every instruction at every keystroke.
 */
export interface LogicalText {
  readonly text: string;
  /** runStarts[k] is the index in `text` where run k begins; it is document offset runOffsets[k]. */
  readonly runStarts: readonly number[];
  readonly runOffsets: readonly number[];
  /** The document offset of the end of the text (where index `text.length` maps). */
  readonly end: number;
}

/** Document offset of logical index `index` (clamped to the text; `text.length` maps to the end). */
export function toDocumentOffset(logical: LogicalText, index: number): number {
  const i = Math.max(0, index);
  if (i >= logical.text.length) return logical.end;
  const starts = logical.runStarts;
  // the last run that starts at or before i (binary search: a long RUN has a run per line)
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return logical.runOffsets[lo]! + (i - starts[lo]!);
}

/** Document range end for a logical end index (exclusive): one past the last character. */
export function toDocumentEnd(logical: LogicalText, endIndex: number): number {
  if (endIndex <= 0) return toDocumentOffset(logical, 0);
  return toDocumentOffset(logical, endIndex - 1) + 1;
}

/**
 * Joins continued lines of `source.slice(start, end)`. `escape` is the Dockerfile escape character
 * (`\` or a backtick from the `# escape=` directive).
 */
export function joinContinuations(source: string, start: number, end: number, escape: string): LogicalText {
  let text = '';
  const runStarts: number[] = [];
  const runOffsets: number[] = [];
  let runFrom = -1; // document offset where the run being copied began, -1 when none
  const closeRun = (at: number) => {
    if (runFrom < 0) return;
    runStarts.push(text.length);
    runOffsets.push(runFrom);
    text += source.slice(runFrom, at);
    runFrom = -1;
  };
  let i = start;
  // A range that begins on a continuation line (only indentation before it, and a continued line above)
  // starts at a line start too: a comment there is dropped by the builder like any other.
  let atLineStart = beginsContinuationLine(source, start, escape);
  while (i < end) {
    if (atLineStart) {
      // Inside a continued instruction, whole-line comments and empty lines are removed by the builder.
      let j = i;
      while (j < end && (source[j] === ' ' || source[j] === '\t')) j++;
      if (source[j] === '#') {
        closeRun(i);
        while (j < end && source[j] !== '\n') j++;
        i = j + 1;
        continue;
      }
      atLineStart = false;
    }
    if (source[i] === escape) {
      // escape + optional trailing whitespace + newline = continuation
      let j = i + 1;
      while (j < end && (source[j] === ' ' || source[j] === '\t')) j++;
      if (source[j] === '\r' && source[j + 1] === '\n') j++;
      if (j < end && source[j] === '\n') {
        closeRun(i);
        i = j + 1;
        atLineStart = true;
        continue;
      }
      if (j >= end) {
        // a trailing escape with nothing after it continues onto nothing: drop it
        closeRun(i);
        i = j;
        continue;
      }
    }
    if (runFrom < 0) runFrom = i;
    i++;
  }
  closeRun(Math.min(i, end));
  return { text, runStarts, runOffsets, end };
}

/** A logical text for a plain slice (heredoc bodies): offsets are the identity. */
export function plainText(source: string, start: number, end: number): LogicalText {
  return { text: source.slice(start, end), runStarts: [0], runOffsets: [start], end };
}

function beginsContinuationLine(source: string, start: number, escape: string): boolean {
  let i = start - 1;
  while (i >= 0 && (source[i] === ' ' || source[i] === '\t')) i--;
  if (i < 0 || source[i] !== '\n') return false;
  let j = i - 1;
  if (source[j] === '\r') j--;
  while (j >= 0 && (source[j] === ' ' || source[j] === '\t')) j--;
  return source[j] === escape;
}
