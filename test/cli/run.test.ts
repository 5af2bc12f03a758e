import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mldock } from '../helpers/cli';

// These need no engine: usage errors and --dry-run --no-preflight stop before docker is asked anything.
describe('mldock run (without an engine)', () => {
  let dir: string;
  const HF = 'hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-run-cli-'));
    fs.mkdirSync(path.join(dir, 'My Project', 'docker'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'My Project', 'docker', 'train.Dockerfile'), 'FROM python:3.12-slim AS train\nARG HF_TOKEN\nCMD ["python"]\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const project = () => path.join(dir, 'My Project');

  test('--help documents the options and exit codes; listed in the main help', () => {
    const help = mldock(['run', '--help']);
    assert.equal(help.status, 0);
    for (const option of ['--gpus all|none|N|device=IDS', '--port HOST:CONTAINER', '--wait-healthy', '--detach', '--build-arg', 'Exit codes', 'DOCKER_HOST=ssh://']) {
      assert.ok(help.stdout.includes(option), option);
    }
    assert.match(mldock(['--help']).stdout, /mldock run \[options\]/);
  });

  test('the commands it would run: defaults from the folder and stage, quoted for a shell, secrets masked', () => {
    const r = mldock(['run', '--dry-run', '--no-preflight', '-f', 'docker/train.Dockerfile', '--target', 'train', '--build-arg', `HF_TOKEN=${HF}`,
      '--gpus', 'device=0,1', '-p', '8080:8000', '--mount', './data:/data:ro', '--shm-size', '8g', '--detach'], { cwd: project() });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '', 'stdout is for the container ID or output');
    const [build, run] = r.stderr.trim().split('\n');
    const file = path.join(project(), 'docker', 'train.Dockerfile');
    assert.equal(build, `$ docker build --force-rm --file '${file}' --tag my-project:train --target train --build-arg 'HF_TOKEN=***' --label 'dev.mldock.dockerfile=${file}' --label dev.mldock.target=train '${project()}'`);
    assert.equal(run, `$ docker run --detach --label 'dev.mldock.run=${file}' --gpus '"device=0,1"' --publish 8080:8000 --mount 'type=bind,source=${path.join(project(), 'data')},target=/data,readonly' --shm-size 8g my-project:train`);
    assert.ok(!r.stderr.includes(HF), 'the token is never printed');
  });

  test('usage errors exit 2 with the reason', () => {
    const cases: [string[], RegExp][] = [
      [['--gpus', 'lots'], /"lots" is not a GPU request/],
      [['--port', '80:80:80'], /not a port mapping/],
      [['--build-arg', HF], /NAME=value/],
      [['--mount', 'data'], /not a mount/],
      [['--health-timeout', '0'], /--health-timeout takes seconds/],
      [['--frobnicate'], /Unknown option '--frobnicate'/],
      [['Dockerfile'], /unexpected argument "Dockerfile"/],
    ];
    for (const [args, expected] of cases) {
      const r = mldock(['run', '--dry-run', '--no-preflight', ...args], { cwd: project() });
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, expected);
      assert.ok(!r.stderr.includes(HF));
    }
  });

  test('an unreadable Dockerfile or context exits 2; invalid values are caught by preflight', () => {
    const missing = mldock(['run', '--dry-run', '--no-preflight'], { cwd: project() });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read .*Dockerfile: no such file \(use --file/);
    const context = mldock(['run', '--dry-run', '--no-preflight', '-f', 'docker/train.Dockerfile', '--context', 'nope'], { cwd: project() });
    assert.equal(context.status, 2);
    assert.match(context.stderr, /build context .*nope is not a directory/);
    // Preflight validates before it asks docker anything: a missing CLI is reported after the request's own problems.
    const invalid = mldock(['run', '--dry-run', '-f', 'docker/train.Dockerfile', '--tag', 'Bad Tag', '--docker', '/nonexistent/docker'], { cwd: project() });
    assert.equal(invalid.status, 2);
    assert.match(invalid.stderr, /error: "Bad Tag" is not a valid image tag/);
    assert.match(invalid.stderr, /error: The container CLI "\/nonexistent\/docker" was not found[\s\S]*Install Docker: https:\/\/docs\.docker\.com/);
  });
});
