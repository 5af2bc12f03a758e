import type { LineIndex } from '../text/lineIndex';
import type { ShellCommand, ResolvedProgram } from '../parse/shellCommands';
import type { ShellWord } from '../parse/shellTokens';
import type { PipCommand } from '../parse/commands/pip';
import type { AptCommand } from '../parse/commands/apt';
import type { CondaCommand } from '../parse/commands/conda';
import type { DownloadCommand } from '../parse/commands/download';
import type { RpmCommand } from '../parse/commands/rpm';
import type { ImageRef } from '../parse/imageRef';
import type { VariableRead } from '../parse/shellVariables';

/**
 * The analysed Dockerfile every rule reads. It is built once per document version; rules never
 * re-parse. All offsets are document offsets (UTF-16), convertible with `lines`.
 */
export interface AnalyzedDocument {
  readonly text: string;
  readonly lines: LineIndex;
  readonly escapeChar: string;
  readonly directives: readonly Directive[];
  readonly comments: readonly CommentLine[];
  readonly instructions: readonly Instruction[];
  /** ARGs declared before the first FROM. */
  readonly globalArgs: readonly ArgDeclaration[];
  readonly stages: readonly Stage[];
  /** The stage whose image is produced: the last one, or the build target when one is given. */
  readonly finalStage: Stage | undefined;
  readonly suppressions: Suppressions;
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Directive extends Span {
  readonly name: string;
  readonly value: string;
}

export interface CommentLine extends Span {
  /** Text after `#`, trimmed. */
  readonly content: string;
  readonly line: number;
}

export interface Instruction extends Span {
  readonly index: number;
  /** Upper-cased keyword as written (`RUN`, `FROM`, or an unknown word such as `IF`). */
  readonly keyword: string;
  readonly keywordSpan: Span;
  readonly startLine: number;
  readonly endLine: number;
  /** Arguments after the flags, as the builder sees them (continuations joined), and where they are. */
  readonly args: string;
  readonly argsSpan: Span | undefined;
  readonly flags: readonly Flag[];
  /** Index of the stage this instruction belongs to; -1 before the first FROM. */
  readonly stageIndex: number;
  /** Exec-form arguments (`["python", "app.py"]`) when the instruction is in valid JSON form. */
  readonly execForm: readonly ExecArg[] | undefined;
  /** NAME=value pairs of ARG, ENV and LABEL. */
  readonly properties: readonly Property[];
  /** Shell-form body of RUN, CMD, ENTRYPOINT, SHELL-less HEALTHCHECK CMD; heredoc scripts of RUN. */
  readonly scripts: readonly ShellScript[];
  /** Every simple command of `scripts`, with the program it runs and typed views of known tools. */
  readonly commands: readonly CommandInfo[];
  readonly heredocs: readonly Heredoc[];
  /** Variables the instruction reads: expanded by the builder (COPY, ENV, WORKDIR …) or by the shell (RUN, CMD …). */
  readonly variables: readonly VariableUse[];
}

export interface VariableUse extends Span {
  readonly name: string;
  /** `${X:-…}` and friends: an unset X does not leave a hole. */
  readonly hasDefault: boolean;
  /** `build`: the builder substitutes it; `run`: the RUN shell reads it at build time; `runtime`: CMD/ENTRYPOINT/HEALTHCHECK. */
  readonly phase: 'build' | 'run' | 'runtime';
}

export interface Flag extends Span {
  readonly name: string;
  readonly value: string | undefined;
  readonly valueSpan: Span | undefined;
  readonly options: readonly FlagOption[];
}

export interface FlagOption extends Span {
  readonly name: string;
  readonly value: string | undefined;
}

export interface ExecArg extends Span {
  readonly value: string;
}

export interface Property {
  readonly name: string;
  readonly value: string | undefined;
  readonly nameSpan: Span;
  readonly valueSpan: Span | undefined;
}

export interface Heredoc {
  readonly name: string;
  readonly content: Span | undefined;
  /** False when the closing delimiter is missing: everything after the opener is heredoc content. */
  readonly terminated: boolean;
}

export interface ShellScript {
  /** Where the script comes from: the instruction body (`shell`) or a heredoc. */
  readonly source: 'shell' | 'heredoc';
  readonly span: Span;
  readonly commands: readonly ShellCommand[];
  /** Variables the script reads (single-quoted text and comments excluded), in document offsets. */
  readonly reads: readonly VariableRead[];
  /** Variables the script sets itself (`X=…`, `export X`, `for X in`, `read X`). */
  readonly assigned: ReadonlySet<string>;
}

/** A simple command with what MLDock recognised about it. Words carry document offsets. */
export interface CommandInfo {
  readonly command: ShellCommand;
  readonly program: ResolvedProgram;
  readonly script: ShellScript;
  readonly pip?: PipCommand;
  readonly apt?: AptCommand;
  readonly conda?: CondaCommand;
  readonly download?: DownloadCommand;
  /** dnf, yum, microdnf, tdnf. */
  readonly rpm?: RpmCommand;
}

export interface ArgDeclaration {
  readonly name: string;
  /** Default value as written (variables not expanded); undefined when declared without one. */
  readonly defaultValue: string | undefined;
  readonly instruction: Instruction;
  readonly property: Property;
}

export interface EnvAssignment {
  readonly name: string;
  readonly value: string;
  readonly instruction: Instruction;
  readonly property: Property;
}

/**
 * A build stage. A document without any FROM (a fragment) is analysed as one stage whose `from` is
 * its first instruction and whose image is unknown.
 */
export interface Stage {
  readonly index: number;
  /** `AS name`, lower-cased as the builder treats it. */
  readonly name: string | undefined;
  readonly nameSpan: Span | undefined;
  readonly from: Instruction;
  /** The image reference as written (`python:${PY}-slim`), with its span. */
  readonly imageText: string;
  readonly imageSpan: Span | undefined;
  /** The reference after substituting global ARG defaults; undefined when unresolvable or a stage. */
  readonly image: ImageRef | undefined;
  /** Global ARGs in the FROM line that had no default (so `image` is unknown). */
  readonly unresolvedImageArgs: readonly string[];
  /** The earlier stage this one builds on (`FROM builder`), if any. */
  readonly baseStage: Stage | undefined;
  /** Instructions of the stage, FROM first. */
  readonly instructions: readonly Instruction[];
  readonly args: readonly ArgDeclaration[];
  readonly env: readonly EnvAssignment[];
  /** Stages this one reads files from (`COPY --from`, `RUN --mount=from=`). */
  readonly copiesFrom: readonly StageReference[];
}

export interface StageReference {
  readonly instruction: Instruction;
  /** The referenced stage, or undefined for an external image / unknown name. */
  readonly stage: Stage | undefined;
  readonly text: string;
  readonly span: Span;
}

export interface Suppressions {
  /** Rule IDs ignored in the whole file (`# mldock global ignore=…`). */
  readonly global: ReadonlySet<string>;
  /** Rule IDs ignored per instruction index (`# mldock ignore=…` on the line(s) above). */
  readonly byInstruction: ReadonlyMap<number, ReadonlySet<string>>;
}

export type { ShellWord, ShellCommand, ResolvedProgram, VariableRead };
