import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { DIST } from './paths';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `mldock` bin (dist/cli.js) as a user would. */
export function mldock(args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const r = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
