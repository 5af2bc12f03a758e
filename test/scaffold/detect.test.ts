import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { detectProject, parseEnvironment, parsePyproject, resolveAnswers, type ProjectFiles } from '../../core/src/scaffold';

function project(files: Record<string, string>, folderName = 'My Project'): ProjectFiles {
  const names = [...new Set(Object.keys(files).map((f) => (f.includes('/') ? `${f.split('/')[0]}/` : f)))];
  return { folderName, names, read: (p) => files[p] };
}

test('requirements: framework, version and CUDA from the local version or the wheel index; requirements.txt first', () => {
  const facts = detectProject(project({
    'requirements-dev.txt': 'pytest==8.3.3\n',
    'requirements.txt': '# serving\n--extra-index-url https://download.pytorch.org/whl/cu124\ntorch==2.5.1  # pinned\ntorchvision==0.20.1\nfastapi==0.115.6\n',
    'requirements-gpu.txt': '-r requirements.txt\nflash-attn==2.6.3\n',
  }));
  assert.deepEqual(facts.requirements, ['requirements.txt', 'requirements-gpu.txt', 'requirements-dev.txt']);
  assert.deepEqual(facts.framework, { framework: 'torch', version: '2.5.1', cuda: '12.4', source: 'requirements.txt line 3' });
  assert.deepEqual(facts.packages['requirements.txt'], ['torch', 'torchvision', 'fastapi']);
  assert.deepEqual(facts.packages['requirements-gpu.txt'], ['torch', 'torchvision', 'fastapi', 'flash-attn'], '-r includes are followed');
  assert.equal(facts.projectName, 'my-project');
  assert.equal(detectProject(project({ 'requirements.txt': 'torch==2.4.0+cu118\n' })).framework?.cuda, '11.8');
  assert.deepEqual(detectProject(project({ 'requirements.txt': 'tensorflow[and-cuda]==2.18.*\n' })).framework, { framework: 'tensorflow', version: '2.18', cuda: undefined, source: 'requirements.txt line 1' });
  assert.deepEqual(detectProject(project({ 'requirements.txt': 'jax[cuda12]==0.7.2\n' })).framework, { framework: 'jax', version: '0.7.2', cuda: '12', source: 'requirements.txt line 1' });
});

test('pyproject.toml: name, requires-python and [project].dependencies only', () => {
  const py = parsePyproject('[build-system]\nrequires = ["hatchling"]\n\n[project]\nname = "sentiment-api"\nrequires-python = ">=3.11"\ndependencies = [\n  "torch==2.6.0",\n  \'fastapi>=0.110\',\n]\n\n[project.optional-dependencies]\ndev = ["pytest"]\n');
  assert.deepEqual(py, { name: 'sentiment-api', dependencies: ['torch==2.6.0', 'fastapi>=0.110'], requiresPythonMin: '3.11' });
  const facts = detectProject(project({ 'pyproject.toml': '[project]\nname = "Sentiment API"\ndependencies = ["torch==2.6.0"]\nrequires-python = ">=3.11"\n' }));
  assert.equal(facts.projectName, 'sentiment-api');
  assert.equal(facts.framework?.version, '2.6.0');
  assert.equal(facts.pythonMin, '3.11');
  // requires-python steers the default Python within what the framework supports
  assert.equal(resolveAnswers('cpu', facts).answers.python, '3.12');
  assert.equal(resolveAnswers('cpu', detectProject(project({ 'pyproject.toml': '[project]\nrequires-python = ">=3.13"\n' }))).answers.python, '3.13');
});

test('environment.yml with js-yaml: name, channels, Python pin, conda pins and the pip section', () => {
  const env = parseEnvironment('environment.yml', 'name: vision\nchannels:\n  - pytorch\n  - nvidia\n  - conda-forge\ndependencies:\n  - python=3.11\n  - pytorch::pytorch=2.5.1\n  - pytorch-cuda=12.4\n  - numpy>=1.26\n  - pip\n  - pip:\n      - timm==1.0.11\n');
  assert.equal(env.name, 'vision');
  assert.deepEqual(env.channels, ['pytorch', 'nvidia', 'conda-forge']);
  assert.equal(env.python, '3.11');
  assert.deepEqual(env.conda, ['python', 'pytorch', 'pytorch-cuda', 'numpy', 'pip']);
  assert.deepEqual(env.pins, { python: '3.11', pytorch: '2.5.1', 'pytorch-cuda': '12.4' });
  assert.deepEqual(env.pip, ['timm==1.0.11']);
  const facts = detectProject(project({ 'environment.yml': 'name: vision\ndependencies:\n  - python=3.11\n  - pytorch=2.5.1\n  - pytorch-cuda=12.4\n' }));
  assert.deepEqual(facts.framework, { framework: 'torch', version: '2.5.1', cuda: '12.4', source: 'environment.yml (pytorch)' });
  assert.deepEqual(facts.python, { version: '3.11', source: 'environment.yml' });
  const conda = resolveAnswers('conda', facts).answers;
  assert.equal(conda.dependencies.kind, 'environment');
  assert.equal(conda.cuda, '12.4', 'the conda image asks for CUDA builds when the environment does');
});

test('a broken environment.yml is reported, not thrown, and the conda template falls back to pip files', () => {
  const env = parseEnvironment('environment.yml', 'name: [unclosed\n');
  assert.match(env.error ?? '', /not valid YAML/);
  assert.match(parseEnvironment('environment.yml', '- a list\n').error ?? '', /not a conda environment/);
  const facts = detectProject(project({ 'environment.yml': 'dependencies: [python=3.12\n', 'requirements.txt': 'numpy==2.1.3\n' }));
  assert.equal(resolveAnswers('conda', facts).answers.dependencies.kind, 'requirements');
});

test('entry points and web apps: FastAPI/Flask objects, module paths, health routes, purpose and server defaults', () => {
  const fastapi = detectProject(project({
    'app/main.py': 'from fastapi import FastAPI\n\napi: FastAPI = FastAPI(title="x")\n\n@api.get("/healthz")\ndef health():\n    return {"ok": True}\n',
    'train.py': '',
  }));
  assert.deepEqual(fastapi.app, { target: 'app.main:api', kind: 'asgi', library: 'FastAPI', file: 'app/main.py', healthPath: '/healthz' });
  const a = resolveAnswers('cpu', fastapi).answers;
  assert.deepEqual([a.purpose, a.server, a.entrypoint, a.healthPath, a.port], ['serve', 'fastapi', 'app.main:api', '/healthz', 8000]);

  const flask = detectProject(project({ 'app.py': 'import flask\napplication = flask.Flask(__name__)\n' }));
  assert.equal(flask.app?.target, 'app:application');
  const f = resolveAnswers('cpu', flask).answers;
  assert.deepEqual([f.server, f.appKind, f.healthPath], ['gunicorn', 'wsgi', undefined]);

  const training = resolveAnswers('cuda', detectProject(project({ 'train.py': '', 'main.py': '' }))).answers;
  assert.deepEqual([training.purpose, training.entrypoint, training.server], ['train', 'train.py', 'none']);
  const batch = resolveAnswers('cpu', detectProject(project({ 'predict.py': '' }))).answers;
  assert.deepEqual([batch.purpose, batch.entrypoint], ['batch', 'predict.py']);
  const notebook = resolveAnswers('cpu', detectProject(project({ 'explore.ipynb': '{}' }))).answers;
  assert.deepEqual([notebook.purpose, notebook.port], ['notebook', 8888]);
});

test('defaults: detected versions win when MLDock can build them, otherwise the newest confirmed release', () => {
  const empty = detectProject(project({}));
  const cuda = resolveAnswers('cuda', empty).answers;
  assert.equal(cuda.framework, 'torch', 'an empty folder gets PyTorch');
  assert.equal(cuda.frameworkVersion, '2.11.0', 'the newest torch whose wheel matrix comes from a primary source');
  assert.equal(cuda.cuda, '12.6', 'CUDA up to 12.6 without a known host driver');
  assert.equal(resolveAnswers('cuda', empty, {}, { hostDriver: '580.95.05' }).answers.cuda, '13.0', 'a host driver lets the default go up to what it runs');
  assert.equal(resolveAnswers('cuda', empty, {}, { hostDriver: '535.104.05' }).answers.cuda, '12.6', 'no choice of torch 2.11 runs on 535: the default falls back to the widest one');
  assert.equal(resolveAnswers('cpu', detectProject(project({ 'requirements.txt': 'numpy==2.1.3\n' }))).answers.framework, 'none', 'dependencies without a framework mean no framework');
  assert.equal(resolveAnswers('cuda', detectProject(project({ 'requirements.txt': 'torch==9.9.9\n' }))).answers.frameworkVersion, '2.11.0', 'an unknown version is not offered as the default');
  const given = resolveAnswers('cuda', empty, { framework: 'tensorflow' });
  assert.deepEqual([given.answers.frameworkVersion, given.answers.cuda, given.sources.framework], ['2.21', '12.5', 'given'], 'a given framework steers the version and CUDA defaults');
});
