import * as posix from 'node:path/posix';
import { stageAncestry } from './stages';
import type { AnalyzedDocument, Instruction, Span, Stage } from './types';

export interface PathWord extends Span {
  readonly value: string;
}

/** Sources and destination of a COPY/ADD (shell or JSON form); undefined for heredoc copies or malformed ones. */
export interface CopyPaths {
  readonly sources: readonly PathWord[];
  readonly dest: PathWord;
  /** `--from=…`: the sources come from a stage or image, not the build context. */
  readonly fromOther: boolean;
}

/** Several rules read the sources of the same COPY in one lint: computed once per document and instruction. */
const copies = new WeakMap<AnalyzedDocument, Map<Instruction, CopyPaths | undefined>>();

/** The source and destination words of a COPY/ADD (shell or JSON form), located in the document. */
export function copyPaths(doc: AnalyzedDocument, instruction: Instruction): CopyPaths | undefined {
  let known = copies.get(doc);
  if (!known) copies.set(doc, (known = new Map()));
  if (!known.has(instruction)) known.set(instruction, readCopyPaths(doc.text, instruction));
  return known.get(instruction);
}

function readCopyPaths(text: string, instruction: Instruction): CopyPaths | undefined {
  if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || !instruction.argsSpan || instruction.heredocs.length > 0) return undefined;
  const args = instruction.args.trim();
  let values: string[];
  if (args.startsWith('[')) {
    try {
      values = JSON.parse(args) as string[];
    } catch {
      return undefined;
    }
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) return undefined;
  } else {
    values = args.split(/\s+/).filter(Boolean);
  }
  // `COPY a . # comment`: Dockerfiles have no trailing comments, the builder rejects this (dockerfile-utils reports it).
  if (values.length < 2 || values.some((v) => v.startsWith('#'))) return undefined;
  // Locate each word in the document, in order, so findings point at it.
  let cursor = instruction.argsSpan.start;
  const words: PathWord[] = values.map((value) => {
    const at = text.indexOf(value, cursor);
    const start = at >= 0 && at < instruction.end ? at : instruction.argsSpan!.start;
    cursor = at >= 0 ? at + value.length : cursor;
    return { value, start, end: start + value.length };
  });
  return { sources: words.slice(0, -1), dest: words.at(-1)!, fromOther: instruction.flags.some((f) => f.name === 'from') };
}

/** The working directory in effect before instruction `beforeIndex` of `stage`, when the Dockerfile sets one (base-image defaults are unknown). */
export function workdirAt(stage: Stage, beforeIndex: number): string | undefined {
  let dir: string | undefined;
  for (const s of [...stageAncestry(stage)].reverse()) {
    for (const instruction of s.instructions) {
      if (s === stage && instruction.index >= beforeIndex) break;
      if (instruction.keyword !== 'WORKDIR') continue;
      const value = instruction.args.trim().replace(/^(["'])(.*)\1$/, '$2');
      if (value.includes('$')) dir = undefined;
      else dir = value.startsWith('/') ? posix.normalize(value) : dir ? posix.join(dir, value) : undefined;
    }
  }
  return dir;
}

/** An absolute path for `path` as seen from `cwd`; undefined when it cannot be known (variables, unknown cwd). */
export function absolutePath(path: string, cwd: string | undefined): string | undefined {
  if (path.includes('$') || path.includes('`')) return undefined;
  if (path.startsWith('/')) return posix.normalize(path).replace(/(.)\/$/, '$1');
  if (path.startsWith('~')) return undefined;
  return cwd ? posix.join(cwd, path).replace(/(.)\/$/, '$1') : undefined;
}

/**
 * Container paths a COPY/ADD creates: `dest/<basename>` when copying into a directory (dest ends with
 * `/`, or several sources), else `dest`. A directory source (`.`, `src/`) yields the directory itself.
 */
export function copiedPaths(paths: CopyPaths, cwd: string | undefined): { path: string; directory: boolean }[] {
  const dest = absolutePath(paths.dest.value, cwd);
  if (!dest) return [];
  const intoDir = paths.dest.value.endsWith('/') || paths.sources.length > 1 || paths.dest.value === '.';
  return paths.sources.map((s) => {
    const directory = s.value === '.' || s.value.endsWith('/') || s.value === './';
    const base = posix.basename(s.value.replace(/\/+$/, ''));
    return { path: intoDir && !directory ? posix.join(dest, base) : dest, directory };
  });
}
