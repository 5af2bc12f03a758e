import { baseImageFacts } from '../knowledge/baseImages';
import { imageSetsEnv } from '../knowledge/imageEnv';
import { isDefinedInStage, PLATFORM_ARGS } from '../model/variableScope';
import { rootImage } from './helpers';
import type { AnalyzedDocument, Instruction, Stage, VariableUse } from '../model/types';
import type { Finding, Rule } from './types';

interface Data {
  /** Insert `ARG <name>` on a new line at this offset (end of the stage's FROM line); only on the first use per stage. */
  readonly insertAt?: number;
  readonly name: string;
  readonly indent: string;
}

/**
 * An ARG declared before the first FROM is visible to FROM lines only; inside a stage it is empty
 * until the stage says `ARG NAME` again. The same holds for BuildKit's automatic platform ARGs.
 */
export const ML002: Rule<Data> = {
  id: 'ML002',
  title: 'ARG used in a stage but declared only before `FROM`',
  defaultSeverity: 'error',
  summary: 'A global ARG (declared before the first FROM) is only in scope for FROM lines. Inside a stage it expands to an empty string unless the stage redeclares it with `ARG NAME`; `apt-get install python${PYTHON_VERSION}` then installs `python`.',
  check({ doc }) {
    const findings: Finding<Data>[] = [];
    for (const stage of doc.stages) {
      const fixed = new Set<string>();
      for (const instruction of stage.instructions.slice(1)) {
        for (const use of instruction.variables) {
          if (!isOutOfScope(doc, stage, instruction, use)) continue;
          const first = !fixed.has(use.name);
          fixed.add(use.name);
          findings.push({
            ruleId: 'ML002',
            span: { start: use.start, end: use.end },
            message: message(doc, stage, use.name),
            data: {
              name: use.name,
              indent: doc.lines.indentation(stage.from.startLine),
              ...(first && { insertAt: doc.lines.lineEnd(stage.from.endLine) }),
            },
          });
        }
      }
    }
    return findings;
  },
  fix(finding, { doc }) {
    const data = finding.data;
    if (data?.insertAt === undefined) return [];
    return [{ title: `Redeclare ARG ${data.name} in this stage`, edits: [{ start: data.insertAt, end: data.insertAt, newText: `${doc.lines.eol}${data.indent}ARG ${data.name}` }], preferred: true }];
  },
};

/** Set by the shell itself in every RUN, whatever the Dockerfile declares. */
const SHELL_PROVIDED = new Set(['PATH', 'HOME', 'PWD', 'OLDPWD', 'HOSTNAME', 'SHLVL', 'IFS']);

function isOutOfScope(doc: AnalyzedDocument, stage: Stage, instruction: Instruction, use: VariableUse): boolean {
  if (use.phase === 'runtime' || use.hasDefault) return false;
  if (!PLATFORM_ARGS.has(use.name) && !doc.globalArgs.some((a) => a.name === use.name)) return false;
  if (use.phase === 'run' && (SHELL_PROVIDED.has(use.name) || instruction.scripts.some((s) => s.assigned.has(use.name)))) return false;
  if (isDefinedInStage(stage, use.name, instruction.index)) return false;
  // The base image's own ENV of that name (PYTHON_VERSION in python:*, CUDA_VERSION in nvidia/cuda) fills it.
  const image = rootImage(stage);
  return !imageSetsEnv(image ? baseImageFacts(image)?.family : undefined, use.name);
}

function message(doc: AnalyzedDocument, stage: Stage, name: string): string {
  const where = stage.name ? `stage \`${stage.name}\`` : `the stage starting on line ${stage.from.startLine + 1}`;
  const global = doc.globalArgs.find((a) => a.name === name);
  if (global) {
    const line = global.instruction.startLine + 1;
    return `\`${name}\` is a global ARG (line ${line}): it is visible to FROM lines only, so in ${where} it expands to an empty string. Add \`ARG ${name}\` after the FROM to inherit its value.`;
  }
  return `\`${name}\` is an automatic platform ARG: BuildKit sets it for FROM lines only, so in ${where} it is empty. Add \`ARG ${name}\` after the FROM.`;
}
