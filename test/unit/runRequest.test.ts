import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  buildCommandArgs, displayCommand, formatGpuRequest, isSecretLike, parseBuildArg, parseGpuRequest, parsePortMapping,
  runCommandArgs, secretValues, shellQuote, validateRunRequest, type RunRequest,
} from '../../core/src/run/runRequest';

const HF = 'hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';

function request(overrides: Partial<RunRequest> = {}): RunRequest {
  return {
    dockerfile: '/work/project/Dockerfile',
    context: '/work/project',
    tag: 'project:train',
    buildArgs: {},
    gpus: { kind: 'none' },
    ports: [],
    mounts: [],
    detach: false,
    ...overrides,
  };
}

/** What a POSIX shell makes of a displayed command: the argument vector docker would receive. */
function shellWords(command: string): string[] {
  const out = spawnSync('sh', ['-c', `set -- ${command}; for a in "$@"; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return out.stdout.split('\0').slice(0, -1);
}

describe('command construction', () => {
  test('docker build: file, tag, target, build args, MLDock labels, context last', () => {
    const req = request({ target: 'train', buildArgs: { PYTHON: '3.11', EXTRA: 'a b "c" $HOME' } });
    assert.deepEqual(buildCommandArgs(req), [
      'build', '--force-rm', '--file', '/work/project/Dockerfile', '--tag', 'project:train', '--target', 'train',
      '--build-arg', 'PYTHON=3.11', '--build-arg', 'EXTRA=a b "c" $HOME',
      '--label', 'dev.mldock.dockerfile=/work/project/Dockerfile', '--label', 'dev.mldock.target=train', '/work/project',
    ]);
  });

  test('docker run: each GPU form, ports, env file, mounts, shm, ipc, name; image last', () => {
    const flag = (gpus: RunRequest['gpus']) => {
      const args = runCommandArgs(request({ gpus }), 'img');
      const i = args.indexOf('--gpus');
      return i < 0 ? undefined : args[i + 1];
    };
    assert.equal(flag({ kind: 'none' }), undefined);
    assert.equal(flag({ kind: 'all' }), 'all');
    assert.equal(flag({ kind: 'count', count: 2 }), '2');
    assert.equal(flag({ kind: 'devices', ids: ['3'] }), 'device=3');
    // docker reads --gpus as CSV: the comma list must reach it inside literal double quotes.
    assert.equal(flag({ kind: 'devices', ids: ['0', '1'] }), '"device=0,1"');

    const args = runCommandArgs(request({
      name: 'train-1', ports: [{ host: 8080, container: 8000 }, { host: 6006, container: 6006 }], envFile: '/work/project/.env',
      mounts: [{ source: '/data/sets', target: '/data', readonly: true }, { source: '/work/project', target: '/workspace' }],
      shmSize: '8g', detach: true,
    }), 'project:train', { labels: { 'dev.mldock.session': 'abc' } });
    assert.deepEqual(args, [
      'run', '--detach', '--name', 'train-1', '--label', 'dev.mldock.run=/work/project/Dockerfile', '--label', 'dev.mldock.session=abc',
      '--publish', '8080:8000', '--publish', '6006:6006', '--env-file', '/work/project/.env',
      '--mount', 'type=bind,source=/data/sets,target=/data,readonly', '--mount', 'type=bind,source=/work/project,target=/workspace',
      '--shm-size', '8g', 'project:train',
    ]);
    assert.deepEqual(runCommandArgs(request({ ipcHost: true }), 'i').slice(-3), ['--ipc', 'host', 'i']);
  });

  test('the displayed command is copy-pasteable: a shell gives docker exactly the arguments MLDock passes', () => {
    const req = request({
      dockerfile: "/work/my project/it's.Dockerfile", context: '/work/my project',
      buildArgs: { NOTE: 'a b "c" $HOME `id` \\ ; rm -rf /', EMPTY: '' },
      gpus: { kind: 'devices', ids: ['0', '1'] },
    });
    for (const args of [buildCommandArgs(req), runCommandArgs(req, 'project:train')]) {
      const shown = displayCommand(args);
      assert.deepEqual(shellWords(shown), ['docker', ...args], shown);
    }
    assert.match(displayCommand(runCommandArgs(req, 'x')), / --gpus '"device=0,1"' /, 'as the docker docs write it');
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote('plain-word_1.0:/x=y'), 'plain-word_1.0:/x=y');
  });

  test('secret-looking build args are masked in what is shown, never in what is run', () => {
    const req = request({ buildArgs: { HF_TOKEN: 'hunter2', WANDB_API_KEY: 'abc123', CACHE_URL: HF, PYTHON: '3.11', TOKENIZERS_PARALLELISM: 'false', GITHUB_TOKEN: '' } });
    const args = buildCommandArgs(req);
    assert.ok(args.includes('HF_TOKEN=hunter2'), 'docker gets the real value');
    const shown = displayCommand(args, secretValues(req));
    for (const secret of ['hunter2', 'abc123', HF]) assert.ok(!shown.includes(secret), `${secret} leaked: ${shown}`);
    assert.match(shown, /--build-arg 'HF_TOKEN=\*\*\*'/);
    assert.match(shown, /--build-arg 'WANDB_API_KEY=\*\*\*'/);
    assert.match(shown, /--build-arg 'CACHE_URL=\*\*\*'/, 'a token-shaped value under a harmless name');
    assert.match(shown, /--build-arg PYTHON=3\.11/);
    assert.match(shown, /--build-arg TOKENIZERS_PARALLELISM=false/);
    assert.match(shown, /--build-arg GITHUB_TOKEN= /, 'nothing to hide in an empty value');
    // Extra values (e.g. from an env file) are masked wherever they appear.
    assert.equal(displayCommand(['run', '--label', 'x=s3cr3t-value', 'img'], ['s3cr3t-value']), "docker run --label 'x=***' img");
  });

  test('isSecretLike: names and token formats', () => {
    assert.equal(isSecretLike('HF_TOKEN', 'x'), true);
    assert.equal(isSecretLike('DB_PASSWORD', 'x'), true);
    assert.equal(isSecretLike('AWS_SECRET_ACCESS_KEY', 'x'), true);
    assert.equal(isSecretLike('MODEL', 'ghp_' + 'a'.repeat(36)), true);
    assert.equal(isSecretLike('OPENAI', 'sk-' + 'b'.repeat(40)), true);
    assert.equal(isSecretLike('HF_TOKEN_PATH', '/run/secrets/hf'), false);
    assert.equal(isSecretLike('MAX_TOKENS', '512'), false);
    assert.equal(isSecretLike('PYTHON_VERSION', '3.11'), false);
  });
});

describe('validation', () => {
  test('a well-formed request has no problems', () => {
    assert.deepEqual(validateRunRequest(request({
      target: 'train', tag: 'registry.example.com:5000/team/model-x:v1.2_rc', buildArgs: { PY_VER: '3.11', _X: '' },
      gpus: { kind: 'devices', ids: ['0', '1', 'GPU-3f2a9c1e-1111-2222-3333-444455556666', 'MIG-0c1d2e3f-aaaa-bbbb-cccc-ddddeeeeffff', '0:1'] },
      ports: [{ host: 8080, container: 8000 }], shmSize: '1.5GiB', name: 'model_x.1',
      mounts: [{ source: '/data', target: '/data' }],
    })), []);
    for (const size of ['512m', '8g', '8G', '1073741824', '2gb']) assert.deepEqual(validateRunRequest(request({ shmSize: size })), [], size);
  });

  test('each bad field is named in plain words', () => {
    const cases: [Partial<RunRequest>, RegExp][] = [
      [{ tag: 'My Model' }, /"My Model" is not a valid image tag/],
      [{ tag: 'model:' }, /not a valid image tag/],
      [{ tag: 'model:v1;rm -rf /' }, /not a valid image tag/],
      [{ tag: '-model' }, /not a valid image tag/],
      [{ target: '1stage' }, /"1stage" is not a valid stage name/],
      [{ target: 'train --no-cache' }, /not a valid stage name/],
      [{ buildArgs: { 'BAD NAME': 'x' } }, /Build argument name "BAD NAME"/],
      [{ buildArgs: { '9LIVES': 'x' } }, /Build argument name "9LIVES"/],
      [{ buildArgs: { 'A=B': 'x' } }, /Build argument name "A=B"/],
      [{ ports: [{ host: 70000, container: 80 }] }, /Host port 70000 is not a port number/],
      [{ ports: [{ host: 8080, container: 0 }] }, /Container port 0/],
      [{ ports: [{ host: 8080, container: 80 }, { host: 8080, container: 81 }] }, /Host port 8080 is published twice/],
      [{ gpus: { kind: 'count', count: 0 } }, /GPU count must be a whole number of at least 1/],
      [{ gpus: { kind: 'count', count: 1.5 } }, /GPU count/],
      [{ gpus: { kind: 'devices', ids: [] } }, /device list is empty/],
      [{ gpus: { kind: 'devices', ids: ['0,1'] } }, /"0,1" is not a GPU device ID/],
      [{ gpus: { kind: 'devices', ids: ['"0"'] } }, /is not a GPU device ID/],
      [{ gpus: { kind: 'devices', ids: ['0', '0'] } }, /names a device twice/],
      [{ shmSize: 'lots' }, /"lots" is not a size/],
      [{ shmSize: '0g' }, /larger than 0/],
      [{ shmSize: '8g', ipcHost: true }, /no effect with --ipc=host/],
      [{ dockerfile: 'Dockerfile' }, /Dockerfile path must be absolute/],
      [{ context: '.' }, /build context must be an absolute/],
      [{ envFile: '.env' }, /env file path must be absolute/],
      [{ mounts: [{ source: 'data', target: '/data' }] }, /Mount source "data" must be an absolute host path/],
      [{ mounts: [{ source: '/data', target: 'data' }] }, /Mount target "data" must be an absolute path/],
      [{ mounts: [{ source: '/a,b', target: '/data' }] }, /cannot contain commas/],
      [{ name: '-x' }, /not a valid container name/],
    ];
    for (const [overrides, expected] of cases) {
      const problems = validateRunRequest(request(overrides));
      assert.equal(problems.length, 1, `${JSON.stringify(overrides)}: ${problems.join(' | ')}`);
      assert.match(problems[0]!, expected);
    }
  });
});

describe('parsing what users type', () => {
  test('--gpus forms', () => {
    assert.deepEqual(parseGpuRequest('all'), { kind: 'all' });
    assert.deepEqual(parseGpuRequest('none'), { kind: 'none' });
    assert.deepEqual(parseGpuRequest('2'), { kind: 'count', count: 2 });
    assert.deepEqual(parseGpuRequest('device=0,1'), { kind: 'devices', ids: ['0', '1'] });
    assert.deepEqual(parseGpuRequest('"device=0,1"'), { kind: 'devices', ids: ['0', '1'] }, 'the docker-docs spelling');
    assert.deepEqual(parseGpuRequest(`'"device=0,1"'`), { kind: 'devices', ids: ['0', '1'] }, 'pasted with its shell quotes');
    assert.deepEqual(parseGpuRequest('0,2'), { kind: 'devices', ids: ['0', '2'] });
    assert.deepEqual(parseGpuRequest('device=GPU-3f2a'), { kind: 'devices', ids: ['GPU-3f2a'] });
    assert.match(parseGpuRequest('some') as string, /not a GPU request/);
    for (const text of ['all', 'none', '3', 'device=0,1']) assert.equal(formatGpuRequest(parseGpuRequest(text) as never), text);
  });

  test('ports and build args', () => {
    assert.deepEqual(parsePortMapping('8080:8000'), { host: 8080, container: 8000 });
    assert.deepEqual(parsePortMapping('8000'), { host: 8000, container: 8000 });
    assert.match(parsePortMapping('0.0.0.0:8080:8000') as string, /HOST:CONTAINER/);
    assert.deepEqual(parseBuildArg('A=b=c'), ['A', 'b=c']);
    assert.deepEqual(parseBuildArg('EMPTY='), ['EMPTY', '']);
    const problem = parseBuildArg(HF) as string;
    assert.match(problem, /NAME=value/);
    assert.ok(!problem.includes(HF), 'a token typed without its name is not echoed');
  });
});
