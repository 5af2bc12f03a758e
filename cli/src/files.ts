import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';

/** File names MLDock lints when it searches a directory. */
export function isDockerfileName(name: string): boolean {
  return /^(docker|container)file$/i.test(name) || /^(docker|container)file\..+/i.test(name) || /\.(docker|container)file$/i.test(name);
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache']);

export interface IgnoreRule {
  /** Directory the globs are relative to (where the config file is). */
  readonly base: string;
  readonly globs: readonly string[];
}

export function isIgnored(file: string, rules: readonly IgnoreRule[]): boolean {
  return rules.some((r) => {
    const rel = path.relative(r.base, file).split(path.sep).join('/');
    return !rel.startsWith('..') && r.globs.some((g) => picomatch(g, { dot: true })(rel));
  });
}

/** Dockerfiles under a directory, sorted, skipping VCS folders, node_modules and virtualenvs. */
export function findDockerfiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full);
      } else if (entry.isFile() && isDockerfileName(entry.name)) {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found.sort();
}

const INSTRUCTION = /^\s*(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)(\s|$)/im;

/** Why a file cannot be linted as a Dockerfile, or undefined when it can. */
export function notADockerfile(file: string, text: string): string | undefined {
  if (text.slice(0, 8192).includes('\u0000')) return 'is a binary file, not a Dockerfile';
  if (isDockerfileName(path.basename(file)) || text.trim() === '') return undefined;
  return INSTRUCTION.test(text) ? undefined : 'does not look like a Dockerfile (no Dockerfile instruction such as FROM or RUN found)';
}
