import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  findConfigFile, fsWorkspace, lintText, loadConfigFile, mergeSettings, RULE_IDS,
  type LoadedConfig, type Severity,
} from '../../core/src';
import { findDockerfiles, isIgnored, notADockerfile, type IgnoreRule } from './files';
import { formatJson } from './format/json';
import type { FileReport } from './format/report';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { EXIT, LINT_USAGE } from './usage';

export interface Io {
  readonly cwd: string;
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly readStdin: () => string;
  readonly color: boolean;
  readonly version: string;
}

class UsageError extends Error {}

const FAIL_LEVELS = ['error', 'warning', 'info', 'none'] as const;
const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function runLint(argv: string[], io: Io): number {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        config: { type: 'string' },
        'fail-on': { type: 'string', default: 'error' },
        target: { type: 'string' },
        'no-color': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
    if (values.help) {
      io.stdout(LINT_USAGE);
      return EXIT.OK;
    }
    if (!['text', 'json', 'sarif'].includes(values.format!)) throw new UsageError(`--format must be text, json or sarif, not "${values.format}".`);
    if (!(FAIL_LEVELS as readonly string[]).includes(values['fail-on']!)) throw new UsageError(`--fail-on must be error, warning, info or none, not "${values['fail-on']}".`);
    if (positionals.length === 0) throw new UsageError('No path given. Pass Dockerfiles or directories, e.g. "mldock lint ." or "mldock lint Dockerfile".');
  } catch (error) {
    io.stderr(`mldock lint: ${(error as Error).message}\n\n${LINT_USAGE}`);
    return EXIT.USAGE;
  }

  let explicitConfig: LoadedConfig | undefined;
  if (values.config) {
    const file = path.resolve(io.cwd, values.config);
    if (!fs.existsSync(file)) {
      io.stderr(`mldock lint: config file not found: ${values.config}\n`);
      return EXIT.USAGE;
    }
    try {
      explicitConfig = loadConfigFile(file, RULE_IDS);
    } catch (error) {
      io.stderr(`mldock lint: cannot read config file ${values.config}: ${(error as Error).message}\n`);
      return EXIT.USAGE;
    }
    if (explicitConfig.problems.length > 0) {
      for (const p of explicitConfig.problems) io.stderr(`${values.config}:${p.line + 1}:${p.column + 1}: ${p.message}\n`);
      return EXIT.USAGE;
    }
  }

  const reports: FileReport[] = [];
  let ioFailure = false;
  const configCache = new Map<string, LoadedConfig | undefined>();
  const configFor = (dir: string): LoadedConfig | undefined => {
    if (explicitConfig) return explicitConfig;
    const file = findConfigFile(dir);
    if (!file) return undefined;
    if (!configCache.has(file)) {
      let loaded: LoadedConfig;
      try {
        loaded = loadConfigFile(file, RULE_IDS);
      } catch (error) {
        loaded = { path: file, settings: {}, problems: [{ message: `cannot read: ${(error as Error).message}`, line: 0, column: 0 }] };
      }
      configCache.set(file, loaded);
      // A broken discovered config costs its settings, not the run: report it and lint with defaults.
      for (const p of loaded.problems) io.stderr(`${display(io.cwd, file)}:${p.line + 1}:${p.column + 1}: ${p.message}\n`);
    }
    return configCache.get(file);
  };

  const lintOne = (file: string, display: string, text: string) => {
    const config = configFor(path.dirname(file));
    const settings = mergeSettings(config?.settings);
    const result = lintText(text, { settings, workspace: fsWorkspace(path.dirname(file), path.basename(file)), target: values.target });
    // Every output format says whether a finding is fixable: worked out now, so a fix that fails is
    // reported with the other skipped steps.
    for (const d of result.diagnostics) void d.fixable;
    for (const f of result.failures) io.stderr(`mldock lint: ${display}: ${f.step} skipped (${f.message})\n`);
    reports.push({ file: display, result });
  };

  for (const arg of positionals) {
    if (arg === '-') {
      lintOne(path.join(io.cwd, 'Dockerfile'), '<stdin>', io.readStdin());
      continue;
    }
    const absolute = path.resolve(io.cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      io.stderr(`mldock lint: ${arg}: no such file or directory\n`);
      ioFailure = true;
      continue;
    }
    if (stat.isDirectory()) {
      const files = findDockerfiles(absolute).filter((f) => !isIgnored(f, ignoreRulesFor(f, configFor)));
      if (files.length === 0) {
        io.stderr(`mldock lint: ${arg}: no Dockerfiles found (looked for Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile)\n`);
        ioFailure = true;
      }
      for (const f of files) readAndLint(f, display(io.cwd, f));
      continue;
    }
    readAndLint(absolute, arg);
  }

  function readAndLint(file: string, shown: string) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      io.stderr(`mldock lint: ${shown}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
      ioFailure = true;
      return;
    }
    const reason = notADockerfile(file, text);
    if (reason) {
      io.stderr(`mldock lint: ${shown} ${reason}\n`);
      ioFailure = true;
      return;
    }
    lintOne(file, shown, text);
  }

  const format = values.format!;
  if (format === 'json') io.stdout(formatJson(reports) + '\n');
  else if (format === 'sarif') io.stdout(formatSarif(reports, io.version, io.cwd) + '\n');
  else io.stdout(formatText(reports, io.color && !values['no-color']) + '\n');

  if (ioFailure) return EXIT.USAGE;
  const failOn = values['fail-on'] as (typeof FAIL_LEVELS)[number];
  if (failOn === 'none') return EXIT.OK;
  const threshold = RANK[failOn];
  const failing = reports.some((r) => r.result.diagnostics.some((d) => RANK[d.severity] >= threshold));
  return failing ? EXIT.FINDINGS : EXIT.OK;
}

function ignoreRulesFor(file: string, configFor: (dir: string) => LoadedConfig | undefined): IgnoreRule[] {
  const config = configFor(path.dirname(file));
  return config?.settings.ignore ? [{ base: path.dirname(config.path), globs: config.settings.ignore }] : [];
}

function display(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}


