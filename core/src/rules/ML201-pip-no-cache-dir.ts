import { stageAncestry } from '../model/stages';
import type { CommandInfo, Instruction } from '../model/types';
import { cacheMountTargets, finalImageStages, laterCommands, variableForCommand } from './helpers';
import type { Finding, Rule } from './types';

interface Data {
  /** Where to insert the flag: just after the `install` word. */
  readonly insertAt: number;
  readonly flag: '--no-cache-dir' | '--no-cache';
}

/** pip (and uv) keep every downloaded wheel in a cache under the home directory; in an image layer it is dead weight. */
export const ML201: Rule<Data> = {
  id: 'ML201',
  title: '`pip install` without `--no-cache-dir`',
  defaultSeverity: 'warning',
  summary: 'pip keeps every downloaded wheel in ~/.cache/pip, and that cache is saved in the image layer: for PyTorch with CUDA that is about 3 GB of dead weight.',
  check({ doc }) {
    const findings: Finding<Data>[] = [];
    for (const stage of finalImageStages(doc)) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        for (const info of instruction.commands) {
          const pip = info.pip;
          if (!pip || pip.subcommand !== 'install' || !pip.subcommandWord) continue;
          if (pip.noCacheDir || pip.noIndex) continue;
          if (cacheIsHandled(doc, info, instruction, pip.tool)) continue;
          const tool = pip.tool === 'uv' ? 'uv pip install' : 'pip install';
          const flag = pip.tool === 'uv' ? '--no-cache' : '--no-cache-dir';
          const where = pip.tool === 'uv' ? '~/.cache/uv' : '~/.cache/pip';
          findings.push({
            ruleId: 'ML201',
            span: { start: info.program.word?.start ?? info.command.start, end: pip.subcommandWord.end },
            message: `\`${tool}\` without \`${flag}\` leaves its download cache (${where}) in the image layer. Add \`${flag}\`, set PIP_NO_CACHE_DIR=1, or use a BuildKit cache mount.`,
            data: { insertAt: pip.subcommandWord.end, flag },
          });
        }
      }
    }
    return findings;
  },
  fix(finding) {
    const data = finding.data;
    if (!data) return [];
    return [{ title: `Add ${data.flag}`, edits: [{ start: data.insertAt, end: data.insertAt, newText: ` ${data.flag}` }], preferred: true }];
  },
};

/** The cache is disabled by env, mounted as a BuildKit cache, or purged later in the same RUN. */
function cacheIsHandled(doc: Parameters<Rule['check']>[0]['doc'], info: CommandInfo, instruction: Instruction, tool: 'pip' | 'uv'): boolean {
  if (tool === 'pip') {
    // pip treats any value of PIP_NO_CACHE_DIR (even "false", for backward compatibility) as "no cache".
    if (variableForCommand(doc, info, instruction, 'PIP_NO_CACHE_DIR') !== undefined) return true;
    if (configuredNoCache(doc, instruction)) return true;
  } else {
    const v = variableForCommand(doc, info, instruction, 'UV_NO_CACHE');
    if (v !== undefined && !/^(0|false|no|off|)$/i.test(v)) return true;
  }
  const cacheDir = variableForCommand(doc, info, instruction, tool === 'pip' ? 'PIP_CACHE_DIR' : 'UV_CACHE_DIR');
  const sub = tool === 'pip' ? 'pip' : 'uv';
  for (const target of cacheMountTargets(instruction)) {
    if (target.endsWith(`/.cache/${sub}`) || target.endsWith('/.cache') || (cacheDir && target === cacheDir.replace(/\/+$/, ''))) return true;
  }
  return laterCommands(instruction, info).some((later) => purgesCache(later, sub));
}

function purgesCache(info: CommandInfo, sub: string): boolean {
  const name = info.program.name;
  const args = info.program.args.map((a) => a.value);
  if (info.pip && sub === 'pip' && info.pip.subcommand === 'cache' && /^(purge|remove)$/.test(info.pip.parsed.positionals[1]?.value ?? '')) return true;
  if (name === 'uv' && sub === 'uv' && args[0] === 'cache' && (args[1] === 'clean' || args[1] === 'prune')) return true;
  if (name !== 'rm') return false;
  return args.some((a) => new RegExp(`\\.cache(/${sub})?/?(\\*)?$`).test(a));
}

/** An earlier RUN set `no-cache-dir` in pip's configuration (`pip config set global.no-cache-dir …`, or a pip.conf it wrote). */
function configuredNoCache(doc: Parameters<Rule['check']>[0]['doc'], instruction: Instruction): boolean {
  const stage = doc.stages[instruction.stageIndex];
  return !!stage && stageAncestry(stage).some((s) => s.instructions.some((i) => i.keyword === 'RUN' && i.index < instruction.index &&
    /pip3? config (--\S+ )*set \S*no-cache-dir|no-cache-dir\s*=[^\n]*pip\.conf/.test(i.args)));
}
