import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { findConfigFile, loadConfigFile, projectFiles, RULE_IDS, scaffold } from '../../core/src';
import type { Io } from './lint';
import { EXIT, INIT_USAGE } from './usage';

type Answers = scaffold.ScaffoldAnswers;
type Given = scaffold.PartialAnswers;

/** The CLI's Io plus a way to ask a yes/no question when a terminal is attached. */
export interface InitIo extends Io {
  /** Asks on the terminal; undefined when stdin/stdout are not a terminal. */
  readonly ask?: (question: string) => Promise<string>;
}

class UsageError extends Error {}

const OPTIONS = {
  template: { type: 'string' },
  framework: { type: 'string' },
  'framework-version': { type: 'string' },
  cuda: { type: 'string' },
  python: { type: 'string' },
  purpose: { type: 'string' },
  serve: { type: 'string' },
  port: { type: 'string' },
  entrypoint: { type: 'string' },
  name: { type: 'string' },
  dir: { type: 'string' },
  'host-driver': { type: 'string' },
  compose: { type: 'boolean' },
  devcontainer: { type: 'boolean' },
  'cpu-variant': { type: 'boolean' },
  'cache-mounts': { type: 'boolean' },
  'no-multi-stage': { type: 'boolean' },
  'no-healthcheck': { type: 'boolean' },
  root: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `mldock init`: the same answers as the editor wizards, from flags; missing ones take the defaults
 * detected in the folder. Writes nothing unless every answer is valid and no file would be overwritten
 * (unless --force); without --yes it shows the plan and asks on a terminal, or stops elsewhere.
 */
export async function runInit(argv: string[], io: InitIo): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
    if (values.help) {
      io.stdout(INIT_USAGE);
      return EXIT.OK;
    }
  } catch (error) {
    io.stderr(`mldock init: ${(error as Error).message}\n\n${INIT_USAGE}`);
    return EXIT.USAGE;
  }

  const dir = path.resolve(io.cwd, values.dir ?? '.');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    io.stderr(`mldock init: ${values.dir ?? dir} is not a directory\n`);
    return EXIT.USAGE;
  }
  let given: Given;
  let template: scaffold.Template;
  try {
    ({ given, template } = givenAnswers(values));
  } catch (error) {
    io.stderr(`mldock init: ${(error as Error).message}\n\n${INIT_USAGE}`);
    return EXIT.USAGE;
  }

  const facts = scaffold.detectProject(projectFiles(dir));
  if (facts.environment?.error) io.stderr(`mldock init: ${facts.environment.error} (ignored)\n`);
  const hostDriver = values['host-driver'] ?? configuredDriver(dir);
  const { answers, sources } = scaffold.resolveAnswers(template, facts, given, { hostDriver });
  const problems = scaffold.validateAnswers(answers);
  if (problems.length > 0) {
    for (const p of problems) io.stderr(`mldock init: ${p.message}${p.valid.length > 0 ? ` Valid: ${p.valid.join(', ')}.` : ''}\n`);
    io.stderr('Nothing was written.\n');
    return EXIT.USAGE;
  }
  const files = scaffold.generateScaffold(answers);

  if (values['dry-run']) {
    io.stdout(plan(dir, io.cwd, answers, sources, files));
    for (const f of files) io.stdout(`\n--- ${f.path}\n${f.content}`);
    return EXIT.OK;
  }
  const existing = files.filter((f) => fs.existsSync(path.join(dir, f.path)));
  if (existing.length > 0 && !values.force) {
    io.stderr(`mldock init: ${existing.map((f) => f.path).join(', ')} already ${existing.length > 1 ? 'exist' : 'exists'} in ${shown(io.cwd, dir)}. Nothing was written; pass --force to overwrite, or --dry-run to see the files.\n`);
    return EXIT.USAGE;
  }
  io.stdout(plan(dir, io.cwd, answers, sources, files));
  if (!values.yes) {
    if (!io.ask) {
      io.stderr('mldock init: nothing was written. Pass --yes to write these files (no terminal to confirm on), or set answers with flags.\n');
      return EXIT.USAGE;
    }
    const reply = (await io.ask(`Write ${files.length} file${files.length > 1 ? 's' : ''}${existing.length > 0 ? ` (overwriting ${existing.map((f) => f.path).join(', ')})` : ''}? [Y/n] `)).trim().toLowerCase();
    if (reply !== '' && reply !== 'y' && reply !== 'yes') {
      io.stdout('Nothing was written.\n');
      return EXIT.OK;
    }
  }
  for (const f of files) {
    const target = path.join(dir, f.path);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.content);
    } catch (error) {
      io.stderr(`mldock init: cannot write ${f.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return EXIT.USAGE;
    }
    io.stdout(`wrote ${shown(io.cwd, target)}\n`);
  }
  const where = shown(io.cwd, dir);
  io.stdout(`Next: mldock lint ${where} && docker build -t ${answers.projectName} ${where}\n`);
  return EXIT.OK;
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (the folder is given with --dir)`);
  return values;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be ${allowed.join(', ')}, not "${value}".`);
  return value as T;
}

/** Only the answers the flags set: everything else is detected. */
function givenAnswers(values: ReturnType<typeof parse>): { given: Given; template: scaffold.Template } {
  const template = oneOf('template', values.template, scaffold.TEMPLATES);
  if (!template) throw new UsageError('choose an image with --template cuda, conda or cpu.');
  const given: Given = {};
  const framework = oneOf('framework', values.framework, scaffold.FRAMEWORKS);
  if (framework) given.framework = framework;
  if (values['framework-version'] !== undefined) given.frameworkVersion = values['framework-version'];
  if (values.cuda !== undefined) given.cuda = ['none', 'cpu'].includes(values.cuda) ? undefined : values.cuda;
  if (values.python !== undefined) given.python = values.python;
  const purpose = oneOf('purpose', values.purpose, scaffold.PURPOSES);
  if (purpose) given.purpose = purpose;
  const server = oneOf('serve', values.serve, scaffold.SERVERS);
  if (server) {
    given.server = server;
    // --serve implies the serve purpose unless another one was asked for (validation then explains).
    if (!purpose) given.purpose = 'serve';
  }
  if (values.port !== undefined) {
    if (!/^\d+$/.test(values.port)) throw new UsageError(`--port must be a number, not "${values.port}".`);
    given.port = Number(values.port);
  }
  if (values.entrypoint !== undefined) given.entrypoint = values.entrypoint;
  if (values.name !== undefined) given.projectName = values.name;
  if (values.compose) given.compose = true;
  if (values.devcontainer) given.devcontainer = true;
  if (values['cpu-variant']) given.cpuVariant = true;
  if (values['cache-mounts']) given.cacheMounts = true;
  if (values['no-multi-stage']) given.multiStage = false;
  if (values['no-healthcheck']) given.healthcheck = false;
  if (values.root) given.nonRoot = false;
  return { given, template };
}

/** gpu.hostDriverVersion from the nearest .mldock.yaml, so defaults stay within the hosts' driver. */
function configuredDriver(dir: string): string | undefined {
  const file = findConfigFile(dir);
  if (!file) return undefined;
  try {
    return loadConfigFile(file, RULE_IDS).settings.gpu?.hostDriverVersion;
  } catch {
    return undefined;
  }
}

function shown(cwd: string, p: string): string {
  const rel = path.relative(cwd, p);
  if (rel === '') return '.';
  return !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** What will be written and why: each answer with where it came from. */
function plan(dir: string, cwd: string, a: Answers, sources: scaffold.AnswerSources, files: readonly scaffold.ScaffoldFile[]): string {
  const from = (key: keyof Answers) => (sources[key] && sources[key] !== 'given' ? `  (${sources[key]})` : '');
  const rows: [string, string][] = [
    ['purpose', `${scaffold.PURPOSE_LABELS[a.purpose]}${from('purpose')}`],
    ['framework', `${scaffold.FRAMEWORK_LABELS[a.framework]}${a.frameworkVersion ? ` ${a.frameworkVersion}` : ''}${from('frameworkVersion') || from('framework')}`],
  ];
  if (a.template !== 'cpu') rows.push(['cuda', `${a.cuda ?? 'none (CPU builds)'}${from('cuda')}`]);
  rows.push(['python', `${a.python}${from('python')}`]);
  rows.push(['dependencies', a.dependencies.file ?? 'none found']);
  if (a.purpose === 'serve') rows.push(['server', `${scaffold.SERVER_LABELS[a.server]}, ${a.entrypoint}, port ${a.port}${from('server')}`]);
  else if (a.purpose === 'notebook') rows.push(['notebook', `JupyterLab on port ${a.port}`]);
  else rows.push(['entry point', `${a.entrypoint}${from('entrypoint')}`]);
  const options = [a.multiStage && 'multi-stage', a.cacheMounts && 'BuildKit cache mounts', a.nonRoot ? 'non-root user' : 'runs as root', a.healthcheck && (a.purpose === 'serve' || a.purpose === 'notebook') && 'HEALTHCHECK'].filter(Boolean);
  rows.push(['options', options.join(', ')]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    `mldock init: ${scaffold.TEMPLATE_TITLES[a.template]} in ${shown(cwd, dir)}`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    `Files: ${files.map((f) => f.path).join(', ')}`,
    '',
  ].join('\n');
}
