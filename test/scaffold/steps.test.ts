import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  currentAnswers, detectProject, generateScaffold, initialState, resolveAnswers, runSteps, stepPosition, visibleSteps,
  type PickStep, type ProjectFiles, type WizardState, type WizardStep,
} from '../../core/src/scaffold';

function project(files: Record<string, string>): ProjectFiles {
  return { folderName: 'demo', names: Object.keys(files), read: (p) => files[p] };
}

const ids = (state: WizardState) => visibleSteps(state).map((s) => s.id);
const step = (state: WizardState, id: string) => visibleSteps(state).find((s) => s.id === id)! as WizardStep;

test('pressing Enter at every step gives exactly the detected defaults (same files as `mldock init --yes`)', () => {
  const facts = detectProject(project({ 'requirements.txt': 'torch==2.5.1+cu121\nfastapi==0.115.6\n', 'app.py': 'from fastapi import FastAPI\napp = FastAPI()\n' }));
  for (const template of ['cuda', 'conda', 'cpu'] as const) {
    const seen: string[] = [];
    const done = runSteps(initialState(template, facts), (s) => {
      seen.push(s.id);
      return undefined;
    });
    const expected = resolveAnswers(template, facts).answers;
    assert.deepEqual(currentAnswers(done).answers, expected, template);
    assert.deepEqual(generateScaffold(currentAnswers(done).answers), generateScaffold(expected), `${template}: same files`);
    assert.ok(seen.includes('options'), 'the options step is shown');
  }
});

test('steps: CUDA only on GPU templates, server only for serving, port only when something listens; n/m counters follow', () => {
  const facts = detectProject(project({}));
  const cuda = initialState('cuda', facts);
  assert.deepEqual(ids(cuda), ['purpose', 'framework', 'frameworkVersion', 'cuda', 'python', 'entrypoint', 'options']);
  const serving = step(cuda, 'purpose').kind === 'pick' ? (step(cuda, 'purpose') as PickStep).apply(cuda, 'serve') : cuda;
  assert.deepEqual(ids(serving), ['purpose', 'framework', 'frameworkVersion', 'cuda', 'python', 'server', 'port', 'entrypoint', 'options']);
  assert.deepEqual(stepPosition(serving, step(serving, 'cuda')), { step: 4, total: 9 });
  assert.deepEqual(ids(initialState('cpu', facts)), ['purpose', 'framework', 'frameworkVersion', 'python', 'entrypoint', 'options']);
  const none = (step(cuda, 'framework') as PickStep).apply(cuda, 'none');
  assert.ok(!ids(none).includes('frameworkVersion'), 'no version question without a framework');
  const notebook = (step(cuda, 'purpose') as PickStep).apply(cuda, 'notebook');
  assert.ok(ids(notebook).includes('port') && !ids(notebook).includes('entrypoint'));
});

test('items: stable labels, the default marked with where it came from, only valid CUDA and Python offered', () => {
  const facts = detectProject(project({ 'requirements.txt': 'torch==2.5.1\n', 'train.py': '' }));
  const state = initialState('cuda', facts);
  const purpose = step(state, 'purpose') as PickStep;
  assert.deepEqual(purpose.items(state).map((i) => i.label), ['Training', 'Inference API', 'Batch job', 'Notebook']);
  assert.equal(purpose.defaultValue(state), 'train');
  assert.equal(purpose.items(state).find((i) => i.value === 'train')?.description, 'train.py found');
  const framework = step(state, 'framework') as PickStep;
  assert.deepEqual(framework.items(state).map((i) => i.label), ['PyTorch', 'TensorFlow', 'JAX', 'No framework']);
  const cudaStep = step(state, 'cuda') as PickStep;
  assert.deepEqual(cudaStep.items(state).map((i) => i.label), ['CUDA 12.4', 'CUDA 12.1', 'CUDA 11.8'], 'torch 2.5.1 publishes cu118, cu121, cu124');
  assert.equal(cudaStep.defaultValue(state), '12.4');
  const python = step(state, 'python') as PickStep;
  assert.deepEqual(python.items(state).map((i) => i.label), ['Python 3.10'], 'CUDA 12.4 images exist for Ubuntu 20.04/22.04; only 22.04 has a supported python3');
  const conda = initialState('conda', facts);
  assert.equal((step(conda, 'cuda') as PickStep).items(conda)[0]!.label, 'CPU only');
});

test('going back and changing an answer resets the answers that depended on it', () => {
  const facts = detectProject(project({}));
  let state = initialState('cuda', facts);
  state = (step(state, 'framework') as PickStep).apply(state, 'torch');
  state = (step(state, 'frameworkVersion') as PickStep).apply(state, '2.5.1');
  state = (step(state, 'cuda') as PickStep).apply(state, '11.8');
  assert.equal(currentAnswers(state).answers.python, '3.10');
  // back to the framework: TensorFlow has its own versions and CUDA
  state = (step(state, 'framework') as PickStep).apply(state, 'tensorflow');
  assert.equal(state.answers.frameworkVersion, undefined);
  assert.equal(state.answers.cuda, undefined);
  const a = currentAnswers(state).answers;
  assert.deepEqual([a.frameworkVersion, a.cuda], ['2.21', '12.5']);
  // re-picking the same value keeps what followed
  const again = (step(state, 'framework') as PickStep).apply({ ...state, answers: { ...state.answers, frameworkVersion: '2.18' } }, 'tensorflow');
  assert.equal(again.answers.frameworkVersion, '2.18');
});

test('prefilled answers skip their steps; the conda template with environment.yml skips framework and Python', () => {
  const facts = detectProject(project({}));
  const prefilled = initialState('cuda', facts, { purpose: 'serve', framework: 'jax', multiStage: false });
  assert.deepEqual(ids(prefilled), ['frameworkVersion', 'cuda', 'python', 'server', 'port', 'entrypoint', 'options']);
  const options = step(prefilled, 'options');
  assert.ok(options.kind === 'multi' && !options.items(prefilled).some((i) => i.value === 'multiStage'), 'a prefilled option is not asked again');
  const conda = initialState('conda', detectProject(project({ 'environment.yml': 'name: x\ndependencies:\n  - python=3.11\n  - pytorch=2.5.1\n' })));
  assert.deepEqual(ids(conda), ['purpose', 'cuda', 'entrypoint', 'options']);
});

test('inputs validate: ports, module:object for app servers, scripts or modules otherwise', () => {
  const facts = detectProject(project({}));
  let state = initialState('cpu', facts);
  state = (step(state, 'purpose') as PickStep).apply(state, 'serve');
  state = (step(state, 'server') as PickStep).apply(state, 'fastapi');
  const port = step(state, 'port');
  assert.ok(port.kind === 'input');
  assert.equal(port.validate(state, '8080'), undefined);
  assert.match(port.validate(state, '70000') ?? '', /between 1 and 65535/);
  const entry = step(state, 'entrypoint');
  assert.ok(entry.kind === 'input');
  assert.equal(entry.defaultValue(state), 'app:app');
  assert.equal(entry.validate(state, 'src.main:app'), undefined);
  assert.match(entry.validate(state, 'serve.py') ?? '', /module:object/);
  const train = (step(state, 'purpose') as PickStep).apply(state, 'train');
  const trainEntry = step(train, 'entrypoint');
  assert.ok(trainEntry.kind === 'input');
  assert.equal(trainEntry.validate(train, 'scripts/train.py'), undefined);
  assert.equal(trainEntry.validate(train, 'trainer.cli'), undefined);
  assert.match(trainEntry.validate(train, '../escape.py') ?? '', /neither a script/);
});
