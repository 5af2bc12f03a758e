import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { DockerEngine } from '../../core/src/docker/engine';
import { FIXTURES, ROOT } from './paths';

/** The base image every fixture builds FROM; scripts/start-docker-engine.sh makes it from busybox-static. */
export const BASE_IMAGE = 'mldock-test/busybox:1';

let checked: string | undefined | null = null;

/**
 * Makes sure a real Docker engine answers, starting one with scripts/start-docker-engine.sh when it
 * does not (a daemon that is already running is reused). Returns undefined when the engine is ready,
 * or the reason to skip. Under CI=true there is no skipping: a missing engine throws, so the run fails.
 */
export function engineUnavailable(): string | undefined {
  if (checked !== null) return checked;
  const ready = () => spawnSync('docker', ['image', 'inspect', BASE_IMAGE], { stdio: 'ignore' }).status === 0;
  if (!ready()) {
    const start = spawnSync('bash', [path.join(ROOT, 'scripts', 'start-docker-engine.sh'), BASE_IMAGE], { encoding: 'utf8', timeout: 10 * 60_000 });
    if (!ready()) {
      const reason = `no Docker engine could be started (scripts/start-docker-engine.sh: ${(start.stderr || start.stdout || start.error?.message || '').trim().split('\n').slice(-2).join(' ')})`;
      if (process.env.CI === 'true') throw new Error(`${reason}; under CI=true the docker tests must run`);
      checked = `skipped: ${reason}`;
      return checked;
    }
  }
  checked = undefined;
  return checked;
}

export const engine = new DockerEngine();

/** Builds a fixture under test/fixtures/docker/<name> with the legacy builder (no BuildKit here). */
export async function buildFixture(name: string, tag: string, extraArgs: string[] = []): Promise<void> {
  const dir = path.join(FIXTURES, 'docker', name);
  await engine.run(['build', '--quiet', '--force-rm', '--tag', tag, ...extraArgs, dir], { env: { DOCKER_BUILDKIT: '0' }, what: `Building ${name}` });
}

export async function removeImages(...tags: string[]): Promise<void> {
  for (const tag of tags) await engine.run(['image', 'rm', '--force', tag]).catch(() => undefined);
}
