import type { AnalyzedDocument, CommandInfo, Instruction, Span } from '../model/types';
import { GPU_QUERY_PROGRAMS, isPythonProgram, pythonGpuCheck } from './support/gpuChecks';
import type { Finding, Rule } from './types';

const AT_RUN_TIME = 'Check for the GPU when the container starts instead (in the entrypoint, a HEALTHCHECK, or `docker run --gpus all <image> …`).';

/** `RUN python -c "import torch; print(torch.cuda.is_available())"`: the build has no GPU, so this says False. */
export const ML305: Rule = {
  id: 'ML305',
  title: 'GPU checked at build time',
  defaultSeverity: 'warning',
  summary: '`docker build` runs RUN steps without GPUs (there is no `--gpus` for builds) and without the driver files the NVIDIA Container Toolkit mounts at `docker run`. A GPU check in RUN prints False/0 or fails the build; it says nothing about the machine the image will run on.',
  check({ doc }) {
    const findings: Finding[] = [];
    for (const instruction of doc.instructions) {
      // BuildKit 0.20+ can attach CDI devices to one RUN (`RUN --device=nvidia.com/gpu=all`).
      if (instruction.keyword !== 'RUN' || instruction.flags.some((f) => f.name === 'device')) continue;
      const report = (span: Span, message: string) => findings.push({ ruleId: 'ML305', span, message });
      for (const info of instruction.commands) {
        const word = info.program.word;
        if (word && GPU_QUERY_PROGRAMS.has(info.program.name)) {
          report(word, `\`${info.program.name}\` runs during \`docker build\`, where no GPU is attached and the NVIDIA Container Toolkit has not mounted \`nvidia-smi\` or the driver: the step fails (or, guarded, checks nothing). ${AT_RUN_TIME}`);
          continue;
        }
        for (const check of pythonChecks(doc, instruction, info)) report(check.span, pythonMessage(check.call));
      }
      for (const check of execFormChecks(doc, instruction)) report(check.span, pythonMessage(check.call));
    }
    return findings;
  },
};

function pythonMessage(call: string): string {
  return `\`${call}\` runs during \`docker build\`, where no GPU is attached: it reports no GPU (False/0), or fails the build when the result is asserted or a tensor is moved to the GPU. ${AT_RUN_TIME}`;
}

interface Check {
  readonly call: string;
  readonly span: Span;
}

/** `python -c "<code>"` and `python3 <<EOF … EOF` in a shell-form RUN. */
function pythonChecks(doc: AnalyzedDocument, instruction: Instruction, info: CommandInfo): Check[] {
  if (!isPythonProgram(info.program.name)) return [];
  const checks: Check[] = [];
  const args = info.program.args;
  const c = args.findIndex((a) => a.value === '-c');
  const code = c >= 0 ? args[c + 1] : undefined;
  if (code) {
    const call = pythonGpuCheck(code.value);
    if (call) checks.push({ call, span: narrow(doc, code, call) });
  }
  for (const redirect of info.command.redirects) {
    if (redirect.op !== '<<' && redirect.op !== '<<-') continue;
    const body = instruction.heredocs.find((h) => h.name === redirect.target?.value)?.content;
    const call = body && pythonGpuCheck(doc.text.slice(body.start, body.end));
    if (body && call) checks.push({ call, span: narrow(doc, body, call) });
  }
  return checks;
}

/** `RUN ["python", "-c", "<code>"]`. */
function execFormChecks(doc: AnalyzedDocument, instruction: Instruction): Check[] {
  const argv = instruction.keyword === 'RUN' ? instruction.execForm : undefined;
  if (!argv || !isPythonProgram(argv[0]?.value.replace(/^.*\//, '') ?? '')) return [];
  const c = argv.findIndex((a) => a.value === '-c');
  const code = c >= 0 ? argv[c + 1] : undefined;
  if (!code) return [];
  const written = doc.text.slice(code.start, code.end);
  let value: string;
  try {
    value = JSON.parse(written) as string;
  } catch {
    value = written;
  }
  const call = pythonGpuCheck(value);
  return call ? [{ call, span: narrow(doc, code, call) }] : [];
}

/** The call's own range when it is written verbatim inside the span, else the whole span. */
function narrow(doc: AnalyzedDocument, span: Span, call: string): Span {
  const at = doc.text.slice(span.start, span.end).indexOf(call);
  return at >= 0 ? { start: span.start + at, end: span.start + at + call.length } : { start: span.start, end: span.end };
}
