import { stageAncestry } from '../model/stages';
import { effectiveCommands } from '../model/serving';
import type { AnalyzedDocument, Instruction, Stage } from '../model/types';
import type { Finding, Rule } from './types';

interface Data {
  readonly instructionIndex: number;
}

/**
 * Shell-form CMD/ENTRYPOINT runs the app as a child of `/bin/sh -c`: the shell is PID 1 and does not
 * forward SIGTERM, so `docker stop` waits 10 s and kills the app without a graceful shutdown.
 */
export const ML501: Rule<Data> = {
  id: 'ML501',
  title: 'Shell-form `CMD`/`ENTRYPOINT`',
  defaultSeverity: 'warning',
  summary: 'In shell form the command runs under `/bin/sh -c`, which becomes PID 1 and does not pass SIGTERM on: `docker stop` waits 10 s, then kills the model server without a graceful shutdown. Use the exec (JSON) form.',
  check({ doc }) {
    const findings: Finding<Data>[] = [];
    const { entrypoint, cmd } = effectiveCommands(doc);
    for (const instruction of [entrypoint, cmd]) {
      if (!instruction) continue;
      // A shell-form ENTRYPOINT ignores CMD altogether: only the ENTRYPOINT is worth reporting.
      if (instruction === cmd && entrypoint && !entrypoint.execForm) continue;
      if (instruction.execForm || !instruction.argsSpan) continue;
      if (instruction.args.trimStart().startsWith('[')) continue; // malformed JSON: dockerfile-utils reports it
      if (endsInExec(instruction)) continue;
      findings.push({
        ruleId: 'ML501',
        span: { start: instruction.start, end: instruction.end },
        message: `Shell-form \`${instruction.keyword}\` runs under \`/bin/sh -c\`, so SIGTERM from \`docker stop\` never reaches the app (no graceful shutdown, 10 s kill). Use the exec form, e.g. \`${instruction.keyword} ${suggestExecForm(doc, instruction) ?? '["python", "app.py"]'}\`.`,
        data: { instructionIndex: instruction.index },
      });
    }
    return findings;
  },
  fix(finding, { doc }) {
    const instruction = doc.instructions[finding.data?.instructionIndex ?? -1];
    if (!instruction?.argsSpan) return [];
    const json = suggestExecForm(doc, instruction);
    if (!json) return [];
    const edits = [{ start: instruction.argsSpan.start, end: instruction.argsSpan.end, newText: json }];
    // A shell-form ENTRYPOINT ignores CMD; once it is in exec form, a shell-form CMD becomes its
    // arguments (`/bin/sh -c …`), so convert both in one step or not at all.
    const { cmd } = effectiveCommands(doc);
    if (instruction.keyword === 'ENTRYPOINT' && cmd?.argsSpan && !cmd.execForm && !cmd.args.trimStart().startsWith('[')) {
      const cmdJson = suggestExecForm(doc, cmd);
      if (!cmdJson) return [];
      edits.push({ start: cmd.argsSpan.start, end: cmd.argsSpan.end, newText: cmdJson });
      return [{ title: 'Convert ENTRYPOINT and CMD to exec form', edits, preferred: true }];
    }
    return [{ title: 'Convert to exec form', edits, preferred: true }];
  },
};

/** `exec uvicorn …` or `cd /app && exec uvicorn …`: the shell replaces itself with the app, which becomes PID 1. */
function endsInExec(instruction: Instruction): boolean {
  const last = instruction.commands.at(-1);
  if (!last || last.command.argv.length === 0 || last.program.wrappers[0] !== 'exec') return false;
  return last.command.before !== '|' && last.command.before !== '&' && last.command.before !== '|&';
}

/** `["python", "app.py"]` for a plain command; `["/bin/sh", "-c", "exec …"]` when it needs the shell's expansions. */
function suggestExecForm(doc: AnalyzedDocument, instruction: Instruction): string | undefined {
  const commands = instruction.scripts[0]?.commands ?? [];
  if (commands.length !== 1) return undefined;
  const command = commands[0]!;
  if (command.argv.length === 0) return undefined;
  const needsShell = command.assignments.length > 0 || command.redirects.length > 0 ||
    command.argv.some((w) => w.expands || (!w.quoted && /[*?[~]/.test(w.value)));
  if (!needsShell) return toJson(command.argv.map((w) => w.value));
  const stage = doc.stages[instruction.stageIndex];
  const shell = stage ? stageShell(stage, instruction.index) : ['/bin/sh', '-c'];
  if (!shell) return undefined;
  return toJson([...shell, `exec ${collapseSpaces(instruction.args.trim())}`]);
}

/** The shell from the nearest `SHELL ["…", "-c"]`, or /bin/sh; undefined for non-POSIX shells (cmd, PowerShell). */
function stageShell(stage: Stage, before: number): string[] | undefined {
  for (const s of stageAncestry(stage)) {
    const shell = s.instructions.filter((i) => i.keyword === 'SHELL' && i.index < before && i.execForm).at(-1);
    if (shell?.execForm) {
      const argv = shell.execForm.map((a) => a.value);
      return /(^|\/)(ba|da|z|k|a)?sh$/.test(argv[0] ?? '') ? argv : undefined;
    }
  }
  return ['/bin/sh', '-c'];
}

/** Joined continuation lines leave runs of indentation: collapse whitespace outside quotes. */
function collapseSpaces(script: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"') { out += ch + (script[++i] ?? ''); continue; }
      if (ch === quote) quote = undefined;
      out += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      out += ch;
    } else if (/\s/.test(ch)) {
      if (!out.endsWith(' ')) out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

function toJson(argv: string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}
