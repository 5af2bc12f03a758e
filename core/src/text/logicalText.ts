/**
 * The text of an instruction as the builder sees it: line continuations (escape char + newline)
 * removed and comment lines inside a continued instruction dropped, with a map from every
 * logical character back to its document offset so findings point at the real source.
 */
export interface LogicalText {
  readonly text: string;
  /** offsets[i] is the document offset of text[i]; offsets[text.length] is the end offset. */
  readonly offsets: readonly number[];
}

export function toDocumentOffset(logical: LogicalText, index: number): number {
  const clamped = Math.max(0, Math.min(index, logical.offsets.length - 1));
  return logical.offsets[clamped]!;
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
  const offsets: number[] = [];
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
        while (j < end && source[j] !== '\n') j++;
        i = j + 1;
        continue;
      }
      atLineStart = false;
    }
    const ch = source[i]!;
    if (ch === escape) {
      // escape + optional trailing whitespace + newline = continuation
      let j = i + 1;
      while (j < end && (source[j] === ' ' || source[j] === '\t')) j++;
      if (source[j] === '\r' && source[j + 1] === '\n') j++;
      if (j < end && source[j] === '\n') {
        i = j + 1;
        atLineStart = true;
        continue;
      }
      if (j >= end) {
        // a trailing escape with nothing after it continues onto nothing: drop it
        i = j;
        continue;
      }
    }
    text += ch;
    offsets.push(i);
    i++;
  }
  offsets.push(end);
  return { text, offsets };
}

/** A logical text for a plain slice (heredoc bodies): offsets are the identity. */
export function plainText(source: string, start: number, end: number): LogicalText {
  const offsets: number[] = [];
  for (let i = start; i <= end; i++) offsets.push(i);
  return { text: source.slice(start, end), offsets };
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
