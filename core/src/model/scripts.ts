import { joinContinuations, plainText, toDocumentEnd, toDocumentOffset, type LogicalText } from '../text/logicalText';
import { parseShellCommands, resolveProgram, type ResolvedProgram, type ShellCommand } from '../parse/shellCommands';
import type { ShellWord } from '../parse/shellTokens';
import { scanVariableReads, shellAssignedNames } from '../parse/shellVariables';
import { recognisePip } from '../parse/commands/pip';
import { recogniseApt } from '../parse/commands/apt';
import { condaRunTarget, recogniseConda } from '../parse/commands/conda';
import { recogniseDownload } from '../parse/commands/download';
import { recogniseRpm } from '../parse/commands/rpm';
import type { CommandInfo, Heredoc, ShellScript, Span } from './types';

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh']);

/** Shell script of a shell-form body (RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD), continuations joined. */
export function shellFormScript(text: string, span: Span, escape: string): ShellScript {
  return buildScript('shell', joinContinuations(text, span.start, span.end, escape), span);
}

/**
 * Scripts of a RUN with heredocs: the first line (`RUN <<EOF`, `RUN cat <<EOF > /f`, `RUN python3 <<EOF`)
 * is itself shell; each heredoc body is shell only when no command or a shell reads it.
 */
export function heredocScripts(text: string, argsSpan: Span, heredocs: readonly Heredoc[], escape: string): ShellScript[] {
  const firstBody = heredocs.find((h) => h.content)?.content;
  const headerEnd = Math.min(argsSpan.end, firstBody ? Math.max(argsSpan.start, lineStartBefore(text, firstBody.start)) : argsSpan.end);
  const header = buildScript('shell', joinContinuations(text, argsSpan.start, headerEnd, escape), { start: argsSpan.start, end: headerEnd });
  const scripts = [header];
  const reader = header.commands.find((c) => c.argv.length > 0);
  const readerName = reader ? resolveProgram(reader).name : '';
  if (readerName === '' || SHELLS.has(readerName)) {
    for (const h of heredocs) {
      if (h.content) scripts.push(buildScript('heredoc', plainText(text, h.content.start, h.content.end), h.content));
    }
  }
  return scripts;
}

/** Where the line break before `offset` is (a lone CR counts, as dockerfile-ast counts it). */
function lineStartBefore(text: string, offset: number): number {
  const nl = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1));
  return nl < 0 ? 0 : nl;
}

function buildScript(source: ShellScript['source'], logical: LogicalText, span: Span): ShellScript {
  const commands = parseShellCommands(logical.text).map((c) => mapCommand(c, logical));
  const reads = scanVariableReads(logical.text, { escape: '\\', comments: true })
    .map((r) => ({ ...r, start: toDocumentOffset(logical, r.start), end: toDocumentEnd(logical, r.end) }));
  return { source, span, commands, reads, assigned: shellAssignedNames(logical.text) };
}

function mapWord(word: ShellWord, logical: LogicalText): ShellWord {
  return { ...word, start: toDocumentOffset(logical, word.start), end: toDocumentEnd(logical, word.end) };
}

function mapCommand(c: ShellCommand, logical: LogicalText): ShellCommand {
  return {
    ...c,
    argv: c.argv.map((w) => mapWord(w, logical)),
    assignments: c.assignments.map((w) => mapWord(w, logical)),
    redirects: c.redirects.map((r) => ({ op: r.op, target: r.target && mapWord(r.target, logical) })),
    start: toDocumentOffset(logical, c.start),
    end: toDocumentEnd(logical, c.end),
  };
}

/** Recognises the tools each command runs (pip, apt, conda, curl/wget, dnf/yum), looking through `conda run`. */
export function describeCommands(scripts: readonly ShellScript[]): CommandInfo[] {
  const infos: CommandInfo[] = [];
  for (const script of scripts) {
    for (const command of script.commands) {
      let program: ResolvedProgram = resolveProgram(command);
      const inner = condaRunTarget(program);
      if (inner && inner.length > 0) {
        program = resolveProgram({ ...command, argv: inner, assignments: [] });
      }
      const pip = recognisePip(program);
      const apt = pip ? undefined : recogniseApt(program);
      const conda = pip || apt ? undefined : recogniseConda(program);
      const download = pip || apt || conda ? undefined : recogniseDownload(program);
      const rpm = pip || apt || conda || download ? undefined : recogniseRpm(program);
      infos.push({ command, program, script, ...(pip && { pip }), ...(apt && { apt }), ...(conda && { conda }), ...(download && { download }), ...(rpm && { rpm }) });
    }
  }
  return infos;
}
