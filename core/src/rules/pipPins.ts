import * as posix from 'node:path/posix';
import { packageSourceUrls, parseRequirementsFile } from '../parse/requirementsFile';
import type { Requirement } from '../parse/requirement';
import type { PipCommand } from '../parse/commands/pip';
import type { AnalyzedDocument, CommandInfo, Instruction, Span, Stage } from '../model/types';
import type { WorkspaceView } from '../workspace';
import { stageAncestry } from '../model/stages';
import { variableForCommand } from './helpers';
import { mayDefine } from './mlStage';

/**
 * Every package a `pip install` (or `uv pip install`) names, from the command line and from the
 * requirements files it reads when the build context has them. Collected once per analysed document.
 */
export interface PipPin {
  readonly name: string;
  readonly requirement: Requirement;
  /** Where the requirement is written in the Dockerfile; undefined when it comes from a requirements file. */
  readonly wordSpan: Span | undefined;
  /** Where to report: the requirement word, or the `-r FILE` option. */
  readonly anchor: Span;
  /** The requirements file (context-relative) and 0-based line, when read from one. */
  readonly file: { readonly path: string; readonly line: number } | undefined;
  readonly install: PipInstall;
}

export interface PipInstall {
  readonly stage: Stage;
  readonly instruction: Instruction;
  readonly info: CommandInfo;
  readonly pip: PipCommand;
  readonly pins: readonly PipPin[];
  /** PyTorch wheel index in effect (`--index-url`/`--extra-index-url`/`-f`, PIP_* env, requirements-file options). */
  readonly torchIndex: TorchIndex | undefined;
}

export interface TorchIndex {
  /** `cu121`, `cpu`, `rocm6.1` … */
  readonly variant: string;
  /** Span of the variant inside the URL in the Dockerfile, when written there (for fixes). */
  readonly variantSpan: Span | undefined;
  readonly url: string;
}

const TORCH_INDEX = /download(?:-r2)?\.pytorch\.org\/whl\/(?:(?:nightly|test)\/)?(cu\d+|cpu|rocm[\d.]+|xpu)(?=\/|$|\s)/;

/** The PyTorch variant an index URL serves (`https://download.pytorch.org/whl/cu121` → cu121). */
export function torchIndexVariant(url: string): string | undefined {
  return TORCH_INDEX.exec(url)?.[1];
}

const cache = new WeakMap<AnalyzedDocument, PipInstall[]>();

export function pipInstalls(doc: AnalyzedDocument, workspace: WorkspaceView | undefined): readonly PipInstall[] {
  let installs = cache.get(doc);
  if (!installs) {
    installs = collect(doc, workspace);
    cache.set(doc, installs);
  }
  return installs;
}

function collect(doc: AnalyzedDocument, workspace: WorkspaceView | undefined): PipInstall[] {
  const installs: PipInstall[] = [];
  for (const stage of doc.stages) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      for (const info of instruction.commands) {
        const pip = info.pip;
        if (!pip || pip.subcommand !== 'install') continue;
        const pins: PipPin[] = [];
        const install: { -readonly [K in keyof PipInstall]: PipInstall[K] } = { stage, instruction, info, pip, pins, torchIndex: undefined };
        for (const { requirement, word } of pip.requirements) {
          if (requirement.kind !== 'name' || word.expands) continue;
          pins.push({ name: requirement.name, requirement, wordSpan: { start: word.start, end: word.end }, anchor: { start: word.start, end: word.end }, file: undefined, install });
        }
        const fileUrls: string[] = [];
        for (const option of pip.requirementFiles) {
          const path = option.value;
          if (!path || !workspace || option.valueWord?.expands) continue;
          const source = requirementsSource(doc, stage, instruction, path);
          const text = source ? workspace.readFile(source) : undefined;
          if (text === undefined) continue;
          const parsed = parseRequirementsFile(text);
          fileUrls.push(...packageSourceUrls(parsed));
          const anchorWord = option.valueWord ?? option.word;
          for (const { requirement, line } of parsed.requirements) {
            if (requirement.kind !== 'name') continue;
            pins.push({ name: requirement.name, requirement, wordSpan: undefined, anchor: { start: anchorWord.start, end: anchorWord.end }, file: { path: source!, line }, install });
          }
        }
        install.torchIndex = findTorchIndex(doc, info, instruction, pip, fileUrls);
        installs.push(install);
      }
    }
  }
  return installs;
}

function findTorchIndex(doc: AnalyzedDocument, info: CommandInfo, instruction: Instruction, pip: PipCommand, fileUrls: string[]): TorchIndex | undefined {
  for (const option of [pip.indexUrl, ...pip.extraIndexUrls, ...pip.findLinks]) {
    const url = option?.value;
    const variant = url ? torchIndexVariant(url) : undefined;
    if (!variant || !option || !url) continue;
    const word = option.valueWord;
    let variantSpan: Span | undefined;
    if (word && !word.expands) {
      const raw = doc.text.slice(word.start, word.end);
      const at = raw.search(new RegExp(`/${variant}(?=/|$|["'\\s])`));
      if (at >= 0) variantSpan = { start: word.start + at + 1, end: word.start + at + 1 + variant.length };
    }
    return { variant, variantSpan, url };
  }
  const stage = doc.stages[instruction.stageIndex];
  const names = ['PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_FIND_LINKS', 'UV_INDEX_URL', 'UV_EXTRA_INDEX_URL'];
  for (const name of stage && mayDefine(stage, info.program.env, names) ? names : []) {
    const url = variableForCommand(doc, info, instruction, name);
    const variant = url ? torchIndexVariant(url) : undefined;
    if (variant && url) return { variant, variantSpan: undefined, url };
  }
  for (const url of fileUrls) {
    const variant = torchIndexVariant(url);
    if (variant) return { variant, variantSpan: undefined, url };
  }
  return undefined;
}

/**
 * The build-context path of a requirements file that a RUN reads at `path`: the source of the COPY
 * that put it there (matching the file name, or a copied directory), else the path itself.
 */
export function requirementsSource(doc: AnalyzedDocument, stage: Stage, before: Instruction, path: string): string | undefined {
  const base = posix.basename(path);
  for (const s of stageAncestry(stage)) {
    const copies = s.instructions.filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && i.index < before.index && !i.flags.some((f) => f.name === 'from'));
    for (const copy of copies.reverse()) {
      const words = copyWords(copy);
      const dest = words.at(-1) ?? '';
      const sources = words.slice(0, -1).filter((w) => !w.includes('$') && !/^[a-z]+:\/\//i.test(w));
      const intoDir = dest.endsWith('/') || dest === '.' || sources.length > 1;
      const file = sources.find((src) => (intoDir ? posix.basename(src) : posix.basename(dest)) === base && !isDirectory(src));
      if (file) return posix.normalize(file).replace(/^\.\//, '');
      const dir = sources.find(isDirectory);
      if (dir) return posix.normalize(posix.join(dir, path.startsWith('/') ? base : path)).replace(/^\.\//, '');
    }
  }
  return path.startsWith('/') ? undefined : posix.normalize(path);
}

/** Sources and destination of a COPY/ADD, in shell or JSON form. */
function copyWords(instruction: Instruction): string[] {
  return instruction.execForm ? instruction.execForm.map((a) => a.value) : instruction.args.split(/\s+/).filter(Boolean);
}

/** `.`, `./`, `src/`: a copied directory (a guess from the text; the context is not listed). */
function isDirectory(source: string): boolean {
  return source === '.' || source === './' || source.endsWith('/');
}
