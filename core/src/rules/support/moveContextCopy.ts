import * as posix from 'node:path/posix';
import { absolutePath, copyPaths } from '../../model/paths';
import type { AnalyzedDocument, CommandInfo, Instruction } from '../../model/types';
import { isDependencyInstall } from './commandKinds';
import { cwdAt, loadRequirements, traceContextFile } from './contextFiles';
import { stageOf } from '../helpers';
import type { OffsetEdit, RuleContext } from '../types';

/** Programs that may sit between the moved COPY and the install without needing the copied code. */
const SAFE_PROGRAMS = new Set(['rm', 'mkdir', 'echo', 'true', ':', 'set', 'export', 'apt-get', 'apt', 'conda', 'mamba', 'micromamba', 'uv']);
const SAFE_KEYWORDS = new Set(['ENV', 'ARG', 'LABEL', 'EXPOSE', 'COPY', 'ADD', 'RUN']);

/**
 * Edits for ML105: move `COPY . .` (with the comment above it) below the last install, and copy the
 * dependency files the installs read in its place. Undefined when that could change the build
 * (something in between needs the code, or an install reads files we cannot name).
 */
export function moveContextCopyEdits({ doc, workspace }: RuleContext, copyIndex: number, installIndexes: readonly number[]): OffsetEdit[] | undefined {
  const copy = doc.instructions[copyIndex];
  const last = doc.instructions[installIndexes.at(-1) ?? -1];
  const stage = copy && stageOf(doc, copy);
  const paths = copy && copyPaths(doc, copy);
  if (!copy || !last || !stage || !paths) return undefined;
  const between = stage.instructions.filter((i) => i.index > copy.index && i.index <= last.index);
  if (!between.every((i) => isSafeBetween(doc, i))) return undefined;

  const needed = new Map<string, string[]>(); // destination dir → context files
  for (const install of between.filter((i) => installIndexes.includes(i.index))) {
    for (const c of install.commands.filter(isDependencyInstall)) {
      const files = neededFiles(c);
      if (!files) return undefined;
      for (const f of files) {
        const traced = traceContextFile(doc, stage, install, f);
        if (!traced) return undefined;
        if (traced.via !== copy) continue;
        const target = absolutePath(f, cwdAt(stage, install.index));
        if (!target) return undefined;
        const loaded = c.pip ? loadRequirements(workspace, traced.path) : [];
        if (loaded.some((l) => l.file.localPaths.length > 0)) return undefined;
        // files pulled in with -r/-c keep their place relative to the including file
        for (const p of loaded.length > 0 ? loaded.map((l) => l.path) : [traced.path]) {
          const dir = posix.join(posix.dirname(target), posix.relative(posix.dirname(traced.path), posix.dirname(p)));
          needed.set(dir, [...new Set([...(needed.get(dir) ?? []), p])]);
        }
      }
    }
  }

  const lines = doc.lines;
  const eol = lines.eol;
  let first = copy.startLine;
  while (first > 0 && lines.lineText(first - 1).trim().startsWith('#')) first--;
  const blockStart = lines.lineStart(first);
  const afterCopy = copy.endLine + 1 < lines.lineCount ? lines.lineStart(copy.endLine + 1) : doc.text.length;
  const block = doc.text.slice(blockStart, afterCopy);
  const indent = lines.indentation(copy.startLine);
  const flags = copy.flags.filter((f) => f.name !== 'link').map((f) => doc.text.slice(f.start, f.end));
  const cwd = cwdAt(stage, copy.index);
  const copies = [...needed].map(([dir, files]) => {
    const rel = posix.relative(cwd, dir);
    const dest = rel === '' ? (paths.dest.value === '.' ? '.' : './') : `${rel.startsWith('..') ? dir : rel}/`;
    return `${indent}${doc.text.slice(copy.keywordSpan.start, copy.keywordSpan.end)} ${[...flags, ...files, dest].join(' ')}${eol}`;
  });
  let deleteEnd = afterCopy;
  const blankBefore = first === 0 || lines.lineText(first - 1).trim() === '';
  if (copies.length === 0 && blankBefore && copy.endLine + 1 < lines.lineCount && lines.lineText(copy.endLine + 1).trim() === '') {
    deleteEnd = copy.endLine + 2 < lines.lineCount ? lines.lineStart(copy.endLine + 2) : doc.text.length;
  }
  const insertAt = last.endLine + 1 < lines.lineCount ? lines.lineStart(last.endLine + 1) : doc.text.length;
  const moved = insertAt === doc.text.length && !doc.text.endsWith('\n') ? `${eol}${eol}${block.replace(/\r?\n$/, '')}` : `${eol}${block.endsWith('\n') ? block : block + eol}`;
  return [
    { start: blockStart, end: deleteEnd, newText: copies.join('') },
    { start: insertAt, end: insertAt, newText: moved },
  ];
}

function isSafeBetween(doc: AnalyzedDocument, i: Instruction): boolean {
  if (!SAFE_KEYWORDS.has(i.keyword)) return false;
  if (i.keyword === 'COPY' || i.keyword === 'ADD') {
    const paths = copyPaths(doc, i);
    return paths !== undefined && (paths.fromOther || !paths.sources.some((s) => /^\.?\/?\*?$/.test(s.value)));
  }
  if (i.keyword !== 'RUN') return true;
  return !i.execForm && i.commands.every((c) => isDependencyInstall(c) || c.pip !== undefined || SAFE_PROGRAMS.has(c.program.name));
}

/** Files an install reads from the working directory, or undefined when it needs the project itself. */
function neededFiles(c: CommandInfo): string[] | undefined {
  if (c.apt) return [];
  if (c.pip) {
    if (c.pip.requirements.some((r) => r.requirement.kind === 'path') || c.pip.parsed.options.some((o) => o.name === '--editable')) return undefined;
    return [...c.pip.requirementFiles, ...c.pip.constraintFiles].map((o) => o.value!).filter(Boolean);
  }
  if (c.conda) return c.conda.subcommand === 'env create' && c.conda.files.length === 0 ? undefined : [...c.conda.files];
  return undefined;
}
