import * as posix from 'node:path/posix';
import picomatch from 'picomatch';
import { absolutePath, copyPaths, workdirAt } from '../../model/paths';
import { stageAncestry } from '../../model/stages';
import type { AnalyzedDocument, Instruction, Stage } from '../../model/types';
import { parseRequirementsFile, type RequirementsFile } from '../../parse/requirementsFile';
import type { WorkspaceView } from '../../workspace';
import type { PipCommand } from '../../parse/commands/pip';

/**
 * Which build-context file a path inside the image comes from, following the COPY/ADD instructions
 * (and BuildKit bind mounts) before `instruction`. Undefined when it cannot be traced.
 */
export function contextSourceOf(doc: AnalyzedDocument, stage: Stage, instruction: Instruction, containerPath: string): string | undefined {
  return traceContextFile(doc, stage, instruction, containerPath)?.path;
}

/** Like `contextSourceOf`, also naming the instruction that brought the file in (the RUN itself for a bind mount). */
export function traceContextFile(doc: AnalyzedDocument, stage: Stage, instruction: Instruction, containerPath: string): { path: string; via: Instruction } | undefined {
  const target = absolutePath(containerPath, cwdAt(stage, instruction.index));
  if (!target) return undefined;
  for (const flag of instruction.flags) {
    if (flag.name !== 'mount') continue;
    const opt = (n: string) => flag.options.find((o) => o.name === n)?.value;
    if (opt('type') !== 'bind' || opt('from')) continue;
    const mountTarget = absolutePath(opt('target') ?? opt('dst') ?? opt('destination') ?? '', cwdAt(stage, instruction.index));
    const source = opt('source') ?? opt('src') ?? '.';
    if (mountTarget && (target === mountTarget || target.startsWith(`${mountTarget}/`))) return { path: clean(posix.join(source, posix.relative(mountTarget, target))), via: instruction };
  }
  // Latest first. Stages are consecutive blocks and build only on earlier ones, so the ancestry from
  // the stage down, each stage read backwards, is every earlier instruction in descending order.
  for (const s of stageAncestry(stage)) {
    for (let k = s.instructions.length - 1; k >= 0; k--) {
      const i = s.instructions[k]!;
      const found = i.index < instruction.index ? copiedBy(doc, s, i, target) : undefined;
      if (found !== undefined) return { path: found, via: i };
    }
  }
  return undefined;
}

/** The build-context path that COPY/ADD `i` of stage `s` puts at `target`, if it does. */
function copiedBy(doc: AnalyzedDocument, s: Stage, i: Instruction, target: string): string | undefined {
  const paths = copyPaths(doc, i);
  if (!paths || paths.fromOther) return undefined;
  const dest = absolutePath(paths.dest.value, cwdAt(s, i.index));
  if (!dest) return undefined;
  const intoDir = paths.dest.value.endsWith('/') || paths.sources.length > 1 || paths.dest.value === '.';
  for (const { value: src } of paths.sources) {
    if (src === '.' || src === './' || src.endsWith('/')) {
      if (target.startsWith(`${dest}/`)) return clean(posix.join(src, posix.relative(dest, target)));
      continue;
    }
    const name = posix.basename(target);
    if (intoDir && posix.dirname(target) === dest && (posix.basename(src) === name || (/[*?[]/.test(src) && picomatch.isMatch(name, posix.basename(src))))) {
      return clean(posix.join(posix.dirname(src), name));
    }
    if (!intoDir && target === dest) return clean(src);
  }
  return undefined;
}

/**
 * The working directory, or a stand-in for the base image's unknown default: relative paths of a
 * COPY and a later RUN in the same stage resolve against the same directory, whatever it is.
 */
export const UNKNOWN_WORKDIR = '/.mldock-base-workdir';
export function cwdAt(stage: Stage, beforeIndex: number): string {
  return workdirAt(stage, beforeIndex) ?? UNKNOWN_WORKDIR;
}

function clean(path: string): string {
  return posix.normalize(path).replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

export interface LoadedRequirements {
  readonly path: string;
  readonly file: RequirementsFile;
  /** Included with `-c`: its lines constrain versions but install nothing. */
  readonly constraint: boolean;
}

/** A requirements file from the build context and every file it includes with `-r`/`-c`, or [] when unreadable. */
export function loadRequirements(workspace: WorkspaceView | undefined, contextPath: string, constraint = false, depth = 0): LoadedRequirements[] {
  const text = workspace && readCached(workspace, contextPath);
  if (text === undefined || depth > 5) return [];
  const file = parseRequirementsFile(text);
  const nested = file.includes.flatMap((inc) =>
    loadRequirements(workspace, clean(posix.join(posix.dirname(contextPath), inc.path)), constraint || inc.kind === 'constraint', depth + 1));
  return [{ path: contextPath, file, constraint }, ...nested];
}

/** The requirements files (`-r`, `-c`) of a pip command, traced to the build context and read with their includes. */
export function pipRequirementFiles(doc: AnalyzedDocument, workspace: WorkspaceView | undefined, stage: Stage, instruction: Instruction, pip: PipCommand) {
  const files = [...pip.requirementFiles.map((o) => ({ o, constraint: false })), ...pip.constraintFiles.map((o) => ({ o, constraint: true }))];
  return files.map(({ o, constraint }) => {
    const contextPath = o.value ? contextSourceOf(doc, stage, instruction, o.value) : undefined;
    return { option: o, contextPath, loaded: contextPath ? loadRequirements(workspace, contextPath, constraint) : [] };
  });
}

/** Several rules read the same requirements files in one lint; a workspace view lives for one lint. */
const fileCache = new WeakMap<WorkspaceView, Map<string, string | undefined>>();
function readCached(workspace: WorkspaceView, path: string): string | undefined {
  let files = fileCache.get(workspace);
  if (!files) fileCache.set(workspace, (files = new Map()));
  if (!files.has(path)) files.set(path, workspace.readFile(path));
  return files.get(path);
}
