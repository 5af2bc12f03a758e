import type { Instruction as AstInstruction, Flag as AstFlag } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { joinContinuations } from '../text/logicalText';
import type { LineIndex } from '../text/lineIndex';
import { describeCommands, heredocScripts, shellFormScript } from './scripts';
import { variableUses } from './variableUses';
import type { ExecArg, Flag, Heredoc, Instruction, Property, ShellScript, Span } from './types';

/** Structural view of the dockerfile-ast classes we read (avoids instanceof across bundles). */
interface AstShape {
  getFlags?(): AstFlag[];
  getHeredocs?(): { getName(): string; getContentRange(): Range | null; getDelimiterRange(): Range | null }[];
  getOpeningBracket?(): unknown;
  getClosingBracket?(): unknown;
  getJSONStrings?(): { getValue(): string; getRange(): Range }[];
  getProperties?(): { getName(): string; getValue(): string | null; getNameRange(): Range; getValueRange(): Range | null }[];
}

const PROPERTY_KEYWORDS = new Set(['ARG', 'ENV', 'LABEL']);
const EXEC_KEYWORDS = new Set(['CMD', 'ENTRYPOINT', 'RUN', 'SHELL']);

export function buildInstruction(ast: AstInstruction, index: number, stageIndex: number, text: string, lines: LineIndex, escape: string): Instruction {
  const span = toSpan(ast.getRange(), lines);
  const keyword = ast.getKeyword();
  const argsRange = ast.getArgumentsRange();
  const argsSpan = argsRange ? withinCommentLine(text, toSpan(argsRange, lines), escape) : undefined;
  const shape = ast as unknown as AstShape;
  const flags = (shape.getFlags?.() ?? []).map((f) => toFlag(f, lines));
  const heredocs: Heredoc[] = readHeredocs(shape).map((h) => {
    const content = h.getContentRange();
    return { name: h.getName(), content: content ? toSpan(content, lines) : undefined, terminated: h.getDelimiterRange() !== null };
  });
  const execForm = EXEC_KEYWORDS.has(keyword) ? readExecForm(shape, text, lines) : undefined;
  const properties = PROPERTY_KEYWORDS.has(keyword) ? readProperties(shape, lines) : [];
  const scripts = buildScripts(keyword, text, argsSpan, heredocs, execForm, escape);
  const keywordSpan = toSpan(ast.getInstructionRange(), lines);
  return {
    index,
    keyword,
    keywordSpan,
    start: span.start,
    end: span.end,
    startLine: ast.getRange().start.line,
    endLine: ast.getRange().end.line,
    args: argsSpan ? joinContinuations(text, argsSpan.start, argsSpan.end, escape).text : '',
    argsSpan,
    flags,
    stageIndex,
    execForm,
    properties,
    scripts,
    commands: describeCommands(scripts),
    heredocs,
    variables: variableUses(keyword, text, span, keywordSpan.end, scripts, heredocs, escape),
  };
}

/**
 * dockerfile-ast 0.7.1 throws in `getHeredocs` when an escaped line break is followed by a lone escape
 * character (`RUN \\<newline>  \\ )`, found by fuzzing): such an instruction has no heredoc, and one
 * instruction must not cost the analysis of the whole document.
 */
function readHeredocs(shape: AstShape): ReturnType<NonNullable<AstShape['getHeredocs']>> {
  try {
    return shape.getHeredocs?.() ?? [];
  } catch {
    return [];
  }
}

/**
 * dockerfile-ast may start an instruction's arguments inside a comment line of a continuation
 * (`CMD \` then `# x \`), where the builder drops the whole line: start the span at that line so the
 * comment is dropped from the logical text as well.
 */
function withinCommentLine(text: string, span: Span, escape: string): Span {
  // A lone CR ends a line too (dockerfile-ast splits on it): without it the search ran on into earlier instructions.
  const lineStart = Math.max(text.lastIndexOf('\n', span.start - 1), text.lastIndexOf('\r', span.start - 1)) + 1;
  if (!/^[ \t]*#/.test(text.slice(lineStart, span.start)) || lineStart === 0) return span;
  const previous = text.slice(0, lineStart - 1).replace(/\r$/, '').trimEnd();
  return previous.endsWith(escape) ? { start: lineStart, end: span.end } : span;
}

function buildScripts(keyword: string, text: string, argsSpan: Span | undefined, heredocs: Heredoc[], execForm: ExecArg[] | undefined, escape: string): ShellScript[] {
  if (!argsSpan || execForm) return [];
  if (keyword === 'RUN') {
    return heredocs.length > 0 ? heredocScripts(text, argsSpan, heredocs, escape) : [shellFormScript(text, argsSpan, escape)];
  }
  if (keyword === 'CMD' || keyword === 'ENTRYPOINT') return [shellFormScript(text, argsSpan, escape)];
  if (keyword === 'HEALTHCHECK') {
    const cmd = healthcheckCommandSpan(text, argsSpan);
    if (cmd && !text.slice(cmd.start, cmd.end).trimStart().startsWith('[')) return [shellFormScript(text, cmd, escape)];
  }
  return [];
}

/** The part of `HEALTHCHECK [--flags] CMD …` after `CMD`. */
export function healthcheckCommandSpan(text: string, argsSpan: Span): Span | undefined {
  const body = text.slice(argsSpan.start, argsSpan.end);
  const m = /(^|\s)CMD(\s+|$)/i.exec(body);
  if (!m) return undefined;
  const start = argsSpan.start + m.index + m[0].length;
  return start < argsSpan.end ? { start, end: argsSpan.end } : undefined;
}

function readExecForm(shape: AstShape, text: string, lines: LineIndex): ExecArg[] | undefined {
  if (!shape.getOpeningBracket?.() || !shape.getClosingBracket?.()) return undefined;
  const strings = shape.getJSONStrings?.() ?? [];
  const args: ExecArg[] = [];
  for (const s of strings) {
    const span = toSpan(s.getRange(), lines);
    // Decode the JSON string as written: dockerfile-ast's getValue() drops the whitespace inside it.
    const raw = text.slice(span.start, span.end);
    let value: string;
    try {
      value = JSON.parse(raw) as string;
    } catch {
      value = raw.replace(/^"|"$/g, '');
    }
    args.push({ value, ...span });
  }
  return args;
}

function readProperties(shape: AstShape, lines: LineIndex): Property[] {
  return (shape.getProperties?.() ?? []).map((p) => {
    const valueRange = p.getValueRange();
    return {
      name: p.getName(),
      value: p.getValue() ?? undefined,
      nameSpan: toSpan(p.getNameRange(), lines),
      valueSpan: valueRange ? toSpan(valueRange, lines) : undefined,
    };
  });
}

function toFlag(flag: AstFlag, lines: LineIndex): Flag {
  const valueRange = flag.getValueRange();
  return {
    name: flag.getName(),
    value: flag.getValue() ?? undefined,
    valueSpan: valueRange ? toSpan(valueRange, lines) : undefined,
    options: flag.getOptions().map((o) => ({ name: o.getName(), value: o.getValue() ?? undefined, ...toSpan(o.getRange(), lines) })),
    ...toSpan(flag.getRange(), lines),
  };
}

export function toSpan(range: Range, lines: LineIndex): Span {
  return { start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) };
}
