import { CONDA_TENSORFLOW, CONDA_TORCH, ML_FRAMEWORKS } from '../knowledge/mlPackages';
import { normalizeName } from '../parse/requirement';
import { variableForCommand } from './helpers';
import type { Finding, Rule } from './types';

/**
 * An unpinned framework is whatever PyPI or conda-forge serves on build day: a rebuild can jump a
 * major version, change the CUDA it needs, or stop loading saved models.
 */
export const ML216: Rule = {
  id: 'ML216',
  title: 'ML framework installed without a version pin',
  defaultSeverity: 'info',
  summary: 'torch, tensorflow, jax, transformers … installed without a version resolve to the newest release on build day: the next rebuild can change the CUDA it needs, the Python it supports, or how saved models load. Pin the version (`torch==2.5.1`) or install from a lock/constraints file.',
  check({ doc }) {
    const findings: Finding[] = [];
    for (const instruction of doc.instructions) {
      for (const info of instruction.commands) {
        if (info.pip?.subcommand === 'install') {
          if (info.pip.constraintFiles.length > 0 || variableForCommand(doc, info, instruction, 'PIP_CONSTRAINT') !== undefined) continue;
          for (const r of info.pip.requirements) {
            const { name, specifier, kind } = r.requirement;
            if (kind === 'name' && specifier === '' && ML_FRAMEWORKS.has(name) && !r.word.expands) {
              findings.push(finding(r.word, name));
            }
          }
        }
        if (info.conda && ['install', 'create'].includes(info.conda.subcommand)) {
          for (const word of info.conda.specs) {
            const spec = word.value.replace(/^[\w.-]+::/, '');
            const name = normalizeName(spec.split(/[=<>!~ ]/)[0] ?? '');
            if (spec === name && (CONDA_TORCH.has(name) || CONDA_TENSORFLOW.has(name) || ML_FRAMEWORKS.has(name)) && !word.expands) findings.push(finding(word, name));
          }
        }
      }
    }
    return findings;
  },
};

function finding(span: { start: number; end: number }, name: string): Finding {
  return {
    ruleId: 'ML216',
    span: { start: span.start, end: span.end },
    message: `\`${name}\` has no version pin, so each rebuild installs whatever is newest that day (a new major version, another CUDA, other saved-model formats). Pin it, e.g. \`${name}==<version>\`.`,
  };
}
