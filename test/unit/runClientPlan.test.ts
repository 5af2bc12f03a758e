import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildCommandArgs, displayCommand, runFactsFromDockerfile, secretValues, validateRunRequest } from '../../core/src';
import { browserUrl, isRemoteEngine, publishedHost } from '../../client/src/run/endpointHost';
import { planRun, rememberedPortsFor, stageChoices, type PlanInput, type RunSettings } from '../../client/src/run/questions';
import { readRemembered, rememberDraft, type RememberedRun } from '../../client/src/run/remembered';
import { problemAfter, setContext, setTag, setTarget, toRunRequest } from '../../client/src/run/runDraft';
import { parseMount, runFromTaskDefinition, taskDefinitionFor } from '../../client/src/run/taskDefinition';
import { confirmation, describeArg, fieldSummaries, progressMessage } from '../../client/src/run/summary';
import { parsePublished } from '../../client/src/run/ports';

const ROOT = path.resolve('/work/projects/My Model');
const DOCKERFILE = path.join(ROOT, 'Dockerfile');
const SETTINGS: RunSettings = { gpus: 'all', shmSize: 'auto', detach: false };

const SERVICE = `FROM python:3.12-slim
ARG APP_VERSION=1.0
RUN pip install --no-cache-dir fastapi
EXPOSE 8000
HEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1
CMD ["uvicorn", "app:app", "--host", "0.0.0.0"]
`;

const MULTI = `ARG CUDA=12.4.1
FROM nvidia/cuda:\${CUDA}-devel-ubuntu22.04 AS builder
ARG HF_TOKEN
ARG MODEL_NAME
ARG TARGETARCH
RUN pip install torch==2.5.1
FROM builder AS train
EXPOSE 6006
FROM nvidia/cuda:\${CUDA}-runtime-ubuntu22.04 AS serve
EXPOSE 8000
`;

function plan(text: string, extra: Partial<PlanInput> = {}) {
  return planRun({ dockerfile: DOCKERFILE, facts: runFactsFromDockerfile(text), mode: 'cpu', settings: SETTINGS, ...extra });
}

test('a single-stage service with defaults for every ARG asks nothing', () => {
  const { draft, questions } = plan(SERVICE);
  assert.deepEqual(questions, []);
  assert.equal(draft.context, ROOT);
  assert.equal(draft.target, undefined);
  assert.equal(draft.tag, 'my-model:latest', 'derived from the folder');
  assert.deepEqual(draft.buildArgs, {}, 'ARGs with defaults keep them');
  assert.deepEqual(draft.gpus, { kind: 'none' });
  assert.deepEqual(draft.sharedMemory, {}, 'not a PyTorch image');
  assert.equal(draft.detach, false);
  assert.deepEqual(validateRunRequest(toRunRequest(draft)), []);
});

test('a multi-stage file asks for the stage (last one preselected), ARGs without defaults, and nothing automatic', () => {
  const { questions } = plan(MULTI);
  assert.deepEqual(questions.map((q) => q.kind === 'buildArg' ? `arg:${q.name}:${q.secret}` : q.kind), ['target', 'arg:HF_TOKEN:true', 'arg:MODEL_NAME:false']);
  const target = questions[0]!;
  assert.ok(target.kind === 'target');
  assert.deepEqual(target.choices.map((c) => [c.label, c.target]), [['builder', 'builder'], ['train', 'train'], ['serve', undefined]]);
  assert.equal(target.defaultIndex, 2, 'Enter builds the last stage');
  assert.deepEqual(stageChoices(runFactsFromDockerfile('FROM a\nRUN x\nFROM b\n')).map((c) => c.label), ['stage 1'], 'unnamed earlier stages cannot be targeted');
});

test('a CodeLens stage skips the stage question; the last stage means no --target', () => {
  const train = plan(MULTI, { presetTarget: 'train' });
  assert.equal(train.questions.some((q) => q.kind === 'target'), false);
  assert.equal(train.draft.target, 'train');
  assert.equal(train.draft.tag, 'my-model:train');
  const serve = plan(MULTI, { presetTarget: 'serve' });
  assert.equal(serve.draft.target, undefined);
  assert.equal(serve.draft.tag, 'my-model:latest');
  assert.equal(plan(MULTI, { presetTarget: 'nope' }).questions[0]!.kind, 'target', 'an unknown stage is asked for');
});

test('remembered answers are reused, so the second run asks nothing; stale ones are dropped', () => {
  const remembered: RememberedRun = {
    version: 1, target: 'train', buildArgs: { MODEL_NAME: 'bert', GONE: 'x' }, secretArgs: ['HF_TOKEN'], skippedArgs: [],
    gpus: 'device=0,1', sharedMemory: 'host', detach: true, envFile: '/nowhere/.env', mounts: [{ source: '/data', target: '/data' }, { source: '/missing', target: '/m' }],
  };
  const { draft, questions } = plan(MULTI, { mode: 'gpu', remembered, rememberedSecrets: { HF_TOKEN: 'hf_abcdefghijklmnopqrstuvwxyz0123' }, exists: (p) => p === '/data' });
  assert.deepEqual(questions, []);
  assert.equal(draft.target, 'train');
  assert.deepEqual(draft.buildArgs, { MODEL_NAME: 'bert', HF_TOKEN: 'hf_abcdefghijklmnopqrstuvwxyz0123' }, 'an ARG no longer declared is not passed');
  assert.deepEqual(draft.gpus, { kind: 'devices', ids: ['0', '1'] });
  assert.deepEqual(draft.sharedMemory, { ipcHost: true });
  assert.equal(draft.detach, true);
  assert.equal(draft.envFile, undefined, 'an env file that no longer exists is dropped');
  assert.deepEqual(draft.mounts, [{ source: '/data', target: '/data' }]);
  assert.deepEqual(plan(MULTI, { remembered: { version: 1, target: '', skippedArgs: ['HF_TOKEN', 'MODEL_NAME'] } }).questions, [], 'skipped ARGs are not asked again');
});

test('GPU mode: the setting decides, "ask" asks once, a CPU run uses no GPU', () => {
  assert.deepEqual(plan(SERVICE, { mode: 'gpu' }).draft.gpus, { kind: 'all' });
  assert.deepEqual(plan(SERVICE, { mode: 'gpu', settings: { ...SETTINGS, gpus: '2' } }).draft.gpus, { kind: 'count', count: 2 });
  assert.deepEqual(plan(SERVICE, { mode: 'gpu', settings: { ...SETTINGS, gpus: 'ask' } }).questions, [{ kind: 'gpus', suggested: 'all' }]);
  assert.deepEqual(plan(SERVICE, { mode: 'gpu', settings: { ...SETTINGS, gpus: 'ask' }, remembered: { version: 1, gpus: '1' } }).questions, []);
  assert.deepEqual(plan(SERVICE, { mode: 'gpu', settings: { ...SETTINGS, gpus: 'none' } }).draft.gpus, { kind: 'all' }, 'the GPU command always asks for a GPU');
  assert.deepEqual(plan(SERVICE, { mode: 'cpu', remembered: { version: 1, gpus: 'all' } }).draft.gpus, { kind: 'none' });
});

test('PyTorch images get --shm-size sized from the engine; the setting can choose --ipc=host or Docker\'s default', () => {
  const torch = 'FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime\nCMD ["python", "train.py"]\n';
  assert.deepEqual(plan(torch, { memTotalBytes: 32 * 1024 ** 3 }).draft.sharedMemory, { shmSize: '8g' });
  assert.deepEqual(plan(torch, { settings: { ...SETTINGS, shmSize: 'host' } }).draft.sharedMemory, { ipcHost: true });
  assert.deepEqual(plan(torch, { settings: { ...SETTINGS, shmSize: 'default' } }).draft.sharedMemory, {});
  const req = toRunRequest(plan(torch, { settings: { ...SETTINGS, shmSize: 'host' } }).draft);
  assert.equal(req.ipcHost, true);
  assert.equal(req.shmSize, undefined, '--shm-size and --ipc=host are never both passed');
});

test('the tag follows the stage and the context until the user types one', () => {
  const { draft } = plan(MULTI, { presetTarget: 'train' });
  setTarget(draft, 'builder');
  assert.equal(draft.tag, 'my-model:builder');
  setContext(draft, '/src/other-project');
  assert.equal(draft.tag, 'other-project:builder');
  setTag(draft, 'registry.local/team/model:v1');
  setTarget(draft, 'train');
  assert.equal(draft.tag, 'registry.local/team/model:v1');
  setTag(draft, '');
  assert.equal(draft.tag, 'other-project:train', 'clearing the tag derives it again');
  assert.equal(draft.tagEdited, false);
});

test('remembering: secrets go to secret storage, GPU choices survive CPU runs, state from elsewhere is read defensively', () => {
  const { draft } = plan(MULTI, { presetTarget: 'train', mode: 'gpu' });
  draft.buildArgs = { MODEL_NAME: 'bert', HF_TOKEN: 'hf_abcdefghijklmnopqrstuvwxyz0123' };
  draft.gpus = { kind: 'count', count: 2 };
  draft.ports = [{ host: 6007, container: 6006 }];
  const { remembered, secrets } = rememberDraft(draft, 'gpu', undefined);
  assert.deepEqual(remembered.buildArgs, { MODEL_NAME: 'bert' });
  assert.deepEqual(secrets, { HF_TOKEN: 'hf_abcdefghijklmnopqrstuvwxyz0123' });
  assert.deepEqual(remembered.secretArgs, ['HF_TOKEN']);
  assert.equal(JSON.stringify(remembered).includes('hf_abc'), false, 'no secret value in workspace state');
  assert.equal(remembered.gpus, '2');
  assert.equal(remembered.tag, undefined, 'a derived tag is not remembered');
  const cpu = rememberDraft({ ...draft, gpus: { kind: 'none' } }, 'cpu', remembered).remembered;
  assert.equal(cpu.gpus, '2');
  assert.deepEqual(readRemembered(JSON.parse(JSON.stringify(remembered))), remembered, 'round-trips through JSON');
  assert.deepEqual(rememberedPortsFor(remembered, 'train'), [{ host: 6007, container: 6006 }]);
  assert.equal(rememberedPortsFor(remembered, undefined), undefined, 'another stage EXPOSEs its own ports');

  assert.equal(readRemembered(undefined), undefined);
  assert.equal(readRemembered({ version: 2, target: 'x' }), undefined, 'another format version is ignored');
  assert.deepEqual(readRemembered({
    version: 1, target: 7, gpus: 'lots', ports: [{ host: 0, container: 80 }, { host: 8080, container: 80 }, 'x'], sharedMemory: 'huge',
    buildArgs: { A: '1', B: 2, GITHUB_TOKEN: 'ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }, mounts: [{ source: '/a' }, { source: '/d', target: '/d', readonly: true }], detach: 'yes',
  }), { version: 1, buildArgs: { A: '1' }, ports: [{ host: 8080, container: 80 }], mounts: [{ source: '/d', target: '/d', readonly: true }] });
});

test('tasks.json definitions: relative paths, defaults, every problem reported at once', () => {
  const folder = path.resolve('/ws');
  const parsed = runFromTaskDefinition({
    type: 'mldock', dockerfile: 'services/api/Dockerfile', target: 'serve', buildArgs: { MODEL: 'bert', N: 2 }, gpus: 'device=0,1',
    ports: ['8080:8000', 9000], mounts: ['./data:/data:ro', { source: 'models', target: '/models' }], envFile: '.env', shmSize: '8g', detach: true,
  }, folder);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  const { request, command, waitHealthy } = parsed.run;
  assert.equal(command, 'run');
  assert.equal(waitHealthy, true);
  assert.equal(request.dockerfile, path.join(folder, 'services/api/Dockerfile'));
  assert.equal(request.context, path.join(folder, 'services/api'), 'context defaults to the Dockerfile\'s folder');
  assert.equal(request.tag, 'api:serve');
  assert.deepEqual(request.buildArgs, { MODEL: 'bert', N: '2' });
  assert.deepEqual(request.gpus, { kind: 'devices', ids: ['0', '1'] });
  assert.deepEqual(request.ports, [{ host: 8080, container: 8000 }, { host: 9000, container: 9000 }]);
  assert.deepEqual(request.mounts, [{ source: path.join(folder, 'data'), target: '/data', readonly: true }, { source: path.join(folder, 'models'), target: '/models' }]);
  assert.equal(request.envFile, path.join(folder, '.env'));
  const roundTrip = runFromTaskDefinition(taskDefinitionFor('run', request, folder) as unknown as Record<string, unknown>, folder);
  assert.ok(roundTrip.ok);
  assert.deepEqual(roundTrip.run.request, request, 'a definition written from a request reads back as the same request');

  const bad = runFromTaskDefinition({ type: 'mldock', command: 'deploy', gpus: '0', ports: ['80:80:80'], mounts: ['data'], shmSize: 'big', detach: 'no' }, folder);
  assert.ok(!bad.ok);
  assert.equal(bad.errors.length, 7, bad.errors.join('\n'));
  assert.match(bad.errors.join('\n'), /"dockerfile" is required/);
  const invalid = runFromTaskDefinition({ type: 'mldock', dockerfile: 'Dockerfile', tag: 'Not A Tag', target: '1st' }, folder);
  assert.ok(!invalid.ok);
  assert.equal(invalid.errors.length, 2, 'the core\'s validation runs too');

  const secret = taskDefinitionFor('build', { ...request, buildArgs: { HF_TOKEN: 'hf_abcdefghijklmnopqrstuvwxyz0123', MODEL: 'bert' } }, folder);
  assert.deepEqual(secret.buildArgs, { MODEL: 'bert' }, 'secret values never go into a task definition');
  assert.deepEqual(parseMount('C:\\data:/data', 'C:\\'), { source: path.resolve('C:\\', 'C:\\data'), target: '/data' });
  assert.equal(parseMount('/data', '/'), undefined);
});

test('Open in Browser goes to the machine that publishes the port', () => {
  assert.equal(publishedHost(undefined), 'localhost');
  assert.equal(publishedHost('unix:///var/run/docker.sock'), 'localhost');
  assert.equal(publishedHost('ssh://me@gpu-box'), 'gpu-box');
  assert.equal(publishedHost('tcp://10.0.0.5:2376'), '10.0.0.5');
  assert.equal(publishedHost('tcp://127.0.0.1:2375'), 'localhost');
  assert.equal(browserUrl('ssh://me@gpu-box:22', 8000), 'http://gpu-box:8000/');
  assert.equal(isRemoteEngine('unix:///tmp/other.sock'), false, 'a second local engine publishes here too');
  assert.equal(isRemoteEngine('ssh://gpu-box'), true);
});

test('the confirmation shows the exact commands with secrets masked, and what happens after the start', () => {
  const { draft } = plan(MULTI, { presetTarget: 'serve' });
  draft.buildArgs = { HF_TOKEN: 'hf_abcdefghijklmnopqrstuvwxyz0123', MODEL_NAME: 'bert base' };
  draft.ports = [{ host: 8001, container: 8000 }];
  draft.gpus = { kind: 'devices', ids: ['0', '1'] };
  const { message, detail } = confirmation({ draft, mode: 'gpu', cli: 'docker', hasHealthcheck: true, notes: ['Host port 8000 is in use; publishing container port 8000 on 8001.'], warnings: [] });
  assert.equal(message, 'Build and run my-model:latest with GPUs 0, 1?');
  const [build, run] = detail.split('\n');
  const req = toRunRequest(draft);
  assert.equal(build, displayCommand(buildCommandArgs(req), secretValues(req)), 'the command the runner spawns, as the core displays it');
  assert.match(build!, /^docker build .*--build-arg 'HF_TOKEN=\*\*\*' --build-arg 'MODEL_NAME=bert base' .*'\/work\/projects\/My Model'$/);
  assert.match(run!, /^docker run --detach .*--gpus '"device=0,1"' --publish 8001:8000 my-model:latest$/);
  assert.equal(detail.includes('hf_abc'), false, 'no secret value is shown');
  assert.match(detail, /docker logs --follow <container>/);
  assert.match(detail, /Waits for its HEALTHCHECK to report healthy, then offers to open http:\/\/localhost:8001\//);
  assert.match(detail, /8000 is in use/);
  const remote = confirmation({ draft: { ...draft, detach: true }, mode: 'cpu', cli: 'podman', engine: { host: 'ssh://me@gpu-box', source: 'DOCKER_HOST' }, hasHealthcheck: false, notes: [], warnings: [] });
  assert.match(remote.message, /on the CPU\?$/);
  assert.match(remote.detail, /^podman build/);
  assert.match(remote.detail, /Then offers to open http:\/\/gpu-box:8001\//);
  assert.match(remote.detail, /Engine: ssh:\/\/me@gpu-box \(DOCKER_HOST\)/);
  assert.doesNotMatch(remote.detail, /logs --follow/);
});

test('the Edit list names every answer with its value, secrets masked', () => {
  const { draft } = plan(MULTI, { presetTarget: 'train' });
  draft.buildArgs = { HF_TOKEN: 'hf_abcdefghijklmnopqrstuvwxyz0123', MODEL_NAME: 'bert' };
  draft.mounts = [{ source: path.join(ROOT, 'data'), target: '/data', readonly: true }];
  const fields = fieldSummaries(draft, { mode: 'gpu', base: ROOT, stageCount: 3 });
  assert.deepEqual(fields.map((f) => f.label), ['Build context', 'Target stage', 'Build arguments', 'Image tag', 'GPUs', 'Ports', 'Env file', 'Mounts', 'Shared memory', 'Run mode', 'Container name']);
  const value = (label: string) => fields.find((f) => f.label === label)!.value;
  assert.equal(value('Build arguments'), 'HF_TOKEN=***, MODEL_NAME=bert');
  assert.equal(value('Mounts'), 'data → /data (read-only)');
  assert.equal(value('Build context'), '.');
  assert.deepEqual(fieldSummaries(draft, { mode: 'cpu', base: ROOT, stageCount: 1 }).map((f) => f.id).includes('gpus'), false);
  assert.equal(describeArg({ name: 'CUDA', default: '12.4.1' }, {}), 'default: 12.4.1');
  assert.equal(describeArg({ name: 'HF_TOKEN' }, { HF_TOKEN: 'hf_abcdefghijklmnopqrstuvwxyz0123' }), '*** (kept in secret storage)');
});

test('docker ps port columns read back as mappings', () => {
  assert.deepEqual(parsePublished('0.0.0.0:8080->8000/tcp, :::8080->8000/tcp, 0.0.0.0:9000->9000/udp'), [{ host: 8080, container: 8000 }]);
  assert.deepEqual(parsePublished(''), []);
});

test('build progress reads as one short line; an edit that breaks the request is named before it is applied', () => {
  assert.equal(progressMessage({ step: 3, total: 7, text: 'RUN pip install --no-cache-dir torch' }), 'Step 3/7: RUN pip install --no-cache-dir torch');
  assert.equal(progressMessage({ step: 2, total: 5, text: 'COPY . .', stage: 'builder' }), '[builder] Step 2/5: COPY . .');
  assert.equal(progressMessage({ step: 1, total: 2, text: `RUN ${'x'.repeat(200)}` }).length, 'Step 1/2: '.length + 70);
  const { draft } = plan(SERVICE);
  assert.match(problemAfter(draft, (d) => setTag(d, 'Not A Tag'))!, /not a valid image tag/);
  assert.equal(draft.tag, 'my-model:latest', 'the draft itself is untouched');
  assert.equal(problemAfter(draft, (d) => setTag(d, 'registry.local:5000/team/app:v1')), undefined);
  assert.match(problemAfter(draft, (d) => (d.name = 'x'))!, /container name/);
});
