import { absolutePath, copiedPaths, copyPaths, workdirAt } from '../model/paths';
import type { AnalyzedDocument, CommandInfo, Instruction, Stage } from '../model/types';
import { isAptInstall, isAptUpdate, isCondaClean, isCondaInstall, isPipInstall, removesAptLists, rmTargets } from './support/commandKinds';
import { finalImageStages, variableForCommand } from './helpers';
import type { Finding, Rule } from './types';

type Kind = 'apt lists' | 'apt archives' | 'pip cache' | 'conda package cache';
interface Produced {
  readonly kind: Kind | 'path';
  readonly path?: string;
  readonly directory?: boolean;
  /** Written by curl/wget: downloads are archives, wheels or weights often enough to always count. */
  readonly download?: boolean;
  readonly line: number;
  readonly what: string;
}

/** Each RUN is a layer: deleting files in a later layer hides them but the earlier layer still ships them. */
export const ML103: Rule = {
  id: 'ML103',
  title: 'Cleanup in a later layer than the files it removes',
  defaultSeverity: 'warning',
  summary: 'Every instruction is a layer, and the image is the sum of all layers: removing files in a later RUN only hides them. Clean up in the same RUN that creates the files.',
  check({ doc }) {
    const findings: Finding[] = [];
    const earlier: Produced[] = [];
    for (const stage of finalImageStages(doc)) {
      for (const instruction of stage.instructions) {
        const line = instruction.startLine + 1;
        if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
          const paths = copyPaths(doc, instruction);
          const cwd = workdirAt(stage, instruction.index);
          if (paths) for (const p of copiedPaths(paths, cwd)) earlier.push({ kind: 'path', ...p, line, what: `the ${instruction.keyword} on line ${line}` });
        }
        if (instruction.keyword !== 'RUN') continue;
        const here: Produced[] = [];
        for (const info of instruction.commands) {
          for (const cleanup of cleanups(info, absoluteIn(stage, instruction))) {
            if (here.some((p) => matches(p, cleanup))) {
              // Cleaned in the layer that created it: nothing of that kind is left behind.
              for (let i = here.length - 1; i >= 0; i--) if (matches(here[i]!, cleanup)) here.splice(i, 1);
              continue;
            }
            const source = earlier.find((p) => matches(p, cleanup));
            if (source && !findings.some((f) => f.span.start === info.command.start)) {
              findings.push({
                ruleId: 'ML103',
                span: { start: info.command.start, end: info.command.end },
                message: `This removes ${cleanup.kind === 'path' ? `\`${cleanup.path}\`` : `the ${cleanup.kind}`} in a later layer than ${source.what}: those bytes are already saved in that layer, so the image does not get smaller. Clean up in the same RUN that creates them.`,
              });
            }
          }
          here.push(...produces(doc, info, instruction, stage, line));
        }
        earlier.push(...here);
      }
    }
    return findings;
  },
};

/** Files worth a warning when left in a layer: archives, installers, wheels, model weights, and heavy directories. */
const HEAVY = /\.(tar|tgz|gz|bz2|xz|zst|zip|7z|whl|deb|rpm|run|iso|pt|pth|ckpt|bin|safetensors|onnx|h5|gguf|pb|tflite)$|(^|\/)(\.git|data|datasets|checkpoints|weights|models|\.venv|venv|node_modules)$/;

function matches(p: Produced, cleanup: { kind: Produced['kind']; path?: string }): boolean {
  if (p.kind !== cleanup.kind) return false;
  if (p.kind !== 'path') return true;
  const target = cleanup.path!;
  if (target.endsWith('/*')) return p.path!.startsWith(target.slice(0, -1)) && (p.download === true || HEAVY.test(p.path!));
  if (p.path === target || p.path!.startsWith(`${target}/`)) return p.download === true || HEAVY.test(p.path!) || HEAVY.test(target);
  return p.directory === true && target.startsWith(`${p.path}/`) && HEAVY.test(target);
}

function absoluteIn(stage: Stage, instruction: Instruction) {
  const cwd = workdirAt(stage, instruction.index);
  return (path: string) => absolutePath(path, cwd);
}

function cleanups(info: CommandInfo, resolve: (p: string) => string | undefined): { kind: Produced['kind']; path?: string }[] {
  if (removesAptLists(info)) return [{ kind: 'apt lists' }];
  if (info.apt && /^(auto)?clean$/.test(info.apt.subcommand)) return [{ kind: 'apt archives' }];
  if (info.pip?.subcommand === 'cache' && /^(purge|remove)$/.test(info.pip.parsed.positionals[1]?.value ?? '')) return [{ kind: 'pip cache' }];
  if (isCondaClean(info)) return [{ kind: 'conda package cache' }];
  return rmTargets(info).flatMap((t): { kind: Produced['kind']; path?: string }[] => {
    if (/^\/var\/cache\/apt/.test(t)) return [{ kind: 'apt archives' }];
    if (/(^|\/)\.cache(\/pip)?\/?\*?$/.test(t)) return [{ kind: 'pip cache' }];
    if (/\/pkgs\/?\*?$/.test(t) && /conda|mamba/.test(t)) return [{ kind: 'conda package cache' }];
    const path = resolve(t.replace(/\/\*$/, ''));
    return path && path !== '/' ? [{ kind: 'path', path: t.endsWith('/*') ? `${path}/*` : path }] : [];
  });
}

function produces(doc: AnalyzedDocument, info: CommandInfo, instruction: Instruction, stage: Stage, line: number): Produced[] {
  const what = (cmd: string) => `the \`${cmd}\` on line ${line}`;
  if (isAptUpdate(info)) return [{ kind: 'apt lists', line, what: what(`${info.apt!.tool} update`) }];
  if (isAptInstall(info)) return [{ kind: 'apt archives', line, what: what(`${info.apt!.tool} install`) }];
  if (isCondaInstall(info)) return [{ kind: 'conda package cache', line, what: what(`${info.conda!.tool} ${info.conda!.subcommand}`) }];
  if (isPipInstall(info) && !info.pip!.noCacheDir && variableForCommand(doc, info, instruction, 'PIP_NO_CACHE_DIR') === undefined) {
    return [{ kind: 'pip cache', line, what: what('pip install') }];
  }
  const output = info.download?.output;
  const path = output ? absoluteIn(stage, instruction)(output) : undefined;
  return path ? [{ kind: 'path', path, download: true, line, what: what(info.download!.tool) }] : [];
}
