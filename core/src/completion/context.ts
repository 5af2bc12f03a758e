import { baseImageFacts } from '../knowledge/baseImages';
import { parseImageRef } from '../parse/imageRef';

/** What the text before the cursor says: the instruction keyword, the word being typed and its predecessor. */
export interface CompletionContext {
  readonly keyword: string;
  /** The instruction's text from its keyword to the cursor (continuation lines included). */
  readonly instructionText: string;
  readonly word: string;
  readonly previousWord: string | undefined;
  /** `major.minor` CUDA of the stage's base image, when known. */
  readonly stageCuda: string | undefined;
}

/**
 * Reads the context from the raw text around the cursor only (no full analysis): completion runs on
 * every keystroke, so the work is proportional to the lines of the current stage.
 */
export function completionContext(text: string, offset: number): CompletionContext | undefined {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  // Walk back over continuation lines to the instruction's first line.
  for (;;) {
    if (lineStart === 0) break;
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const prev = text.slice(prevStart, lineStart - 1).replace(/\r$/, '');
    if (!/\\\s*$/.test(prev) && !/^\s*#/.test(prev)) break;
    lineStart = prevStart;
  }
  const instructionText = text.slice(lineStart, offset);
  const keyword = /^\s*([A-Za-z]+)/.exec(instructionText)?.[1]?.toUpperCase();
  if (!keyword) return undefined;
  const words = instructionText.split(/[\s\\]+/);
  const word = /\s$/.test(instructionText) ? '' : words.at(-1) ?? '';
  const previousWord = words.filter(Boolean).at(/\s$/.test(instructionText) ? -1 : -2);
  return { keyword, instructionText, word, previousWord, stageCuda: stageCudaBefore(text, lineStart) };
}

const FROM_LINE = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/i;

function stageCudaBefore(text: string, before: number): string | undefined {
  let end = before;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 2) + 1;
    const line = text.slice(start, end);
    const m = FROM_LINE.exec(line);
    if (m) {
      const ref = parseImageRef(m[1]!);
      const cuda = ref ? baseImageFacts(ref)?.cuda?.version : undefined;
      return cuda ? /^\d+\.\d+/.exec(cuda)?.[0] : undefined;
    }
    end = start;
  }
  return undefined;
}
