import { test, describe, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { mldock } from '../helpers/cli';

interface LintJson {
  results: { file: string; diagnostics: { rule: string; severity: string; message: string }[] }[];
}

/** A project folder as a user has it before running `mldock init`. */
const PROJECTS: Record<'cuda' | 'conda' | 'cpu', Record<string, string>> = {
  cuda: {
    'requirements.txt': 'torch==2.5.1\ntorchvision==0.20.1\ntransformers==4.46.3\nfastapi==0.115.6\n',
    'app.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/health")\ndef health():\n    return {"ok": True}\n',
  },
  conda: {
    'environment.yml': 'name: forecasting\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.11\n  - pytorch=2.5.1\n  - pandas=2.2\n  - pip\n  - pip:\n      - lightning==2.4.0\n',
    'train.py': 'print("training")\n',
  },
  cpu: {
    'requirements.txt': 'scikit-learn==1.5.2\nflask==3.0.3\n',
    'serve.py': 'from flask import Flask\n\napp = Flask(__name__)\n',
  },
};

describe('mldock init', () => {
  let root: string;
  const project = (name: string, files: Record<string, string>) => {
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [rel, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, rel), text);
    return dir;
  };
  const lintJson = (dir: string) => {
    const r = mldock(['lint', '--format', 'json', '--fail-on', 'warning', dir]);
    return { status: r.status, report: JSON.parse(r.stdout) as LintJson, stderr: r.stderr };
  };
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-init-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  for (const template of ['cuda', 'conda', 'cpu'] as const) {
    test(`--template ${template} --yes writes a Dockerfile and .dockerignore that mldock lint passes without warnings`, () => {
      const dir = project(template, PROJECTS[template]);
      const r = mldock(['init', '--template', template, '--dir', dir, '--yes']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /wrote .*Dockerfile/);
      assert.ok(fs.existsSync(path.join(dir, 'Dockerfile')));
      assert.match(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), /^\*\*\/\*\.safetensors$/m);
      const lint = lintJson(dir);
      assert.equal(lint.status, 0, lint.stderr);
      const findings = lint.report.results.flatMap((f) => f.diagnostics).filter((d) => d.severity !== 'info');
      assert.deepEqual(findings, [], 'no warning or error');
    });
  }

  test('detected answers shape the files: FastAPI app, health route, torch CUDA wheels, environment.yml, Flask behind gunicorn', () => {
    const cuda = fs.readFileSync(path.join(root, 'cuda', 'Dockerfile'), 'utf8');
    assert.match(cuda, /^FROM nvidia\/cuda:12\.4\.1-base-ubuntu22\.04$/m);
    assert.match(cuda, /torch==2\.5\.1\+cu124 --index-url https:\/\/download\.pytorch\.org\/whl\/cu124/);
    assert.match(cuda, /urlopen\('http:\/\/127\.0\.0\.1:8000\/health'/);
    assert.match(cuda, /^CMD \["uvicorn", "app:app", "--host", "0\.0\.0\.0", "--port", "8000"\]$/m);
    const conda = fs.readFileSync(path.join(root, 'conda', 'Dockerfile'), 'utf8');
    assert.match(conda, /^FROM mambaorg\/micromamba:/m);
    assert.match(conda, /micromamba install -y -n base -f \/tmp\/environment\.yml && \\\n {4}micromamba clean --all --yes/);
    assert.match(conda, /^ENTRYPOINT \["\/usr\/local\/bin\/_entrypoint\.sh", "python", "train\.py"\]$/m);
    assert.equal(fs.readFileSync(path.join(root, 'conda', 'environment.yml'), 'utf8'), PROJECTS.conda['environment.yml'], 'the project environment.yml is untouched');
    const cpu = fs.readFileSync(path.join(root, 'cpu', 'Dockerfile'), 'utf8');
    assert.match(cpu, /^FROM python:3\.12-slim$/m);
    assert.match(cpu, /"gunicorn", "--bind", "0\.0\.0\.0:8000", "--workers", "2", "--timeout", "120", "serve:app"/);
    assert.match(cpu, /pip install -r requirements\.txt gunicorn==/);
  });

  test('refuses to overwrite: exit 2, names the files, writes nothing; --force overwrites', () => {
    const dir = path.join(root, 'cuda');
    const before = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), '# mine\nFROM python:3.12-slim\n');
    const r = mldock(['init', '--template', 'cuda', '--dir', dir, '--yes', '--compose']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Dockerfile, \.dockerignore already exist .*Nothing was written; pass --force/);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), '# mine\nFROM python:3.12-slim\n');
    assert.ok(!fs.existsSync(path.join(dir, 'compose.yaml')), 'not even the files that did not exist');
    const forced = mldock(['init', '--template', 'cuda', '--dir', dir, '--yes', '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), before);
  });

  test('invalid combinations exit 2 naming the valid choices, and write nothing', () => {
    const dir = project('invalid', { 'requirements.txt': 'numpy==2.1.3\n' });
    const cases: [string[], RegExp][] = [
      [['--framework', 'torch', '--framework-version', '2.5.1', '--cuda', '13.0'], /PyTorch 2\.5\.1 publishes no wheels for CUDA 13\.0.* Valid: 12\.4, 12\.1, 11\.8\./],
      [['--framework', 'torch', '--framework-version', '2.5.1', '--cuda', '12.4', '--python', '3.12'], /Python 3\.12 is not available .* Valid: 3\.10\./],
      [['--framework', 'torch', '--framework-version', '9.0.0'], /knows no PyTorch 9\.0\.0 .* Valid: 2\.14\.0, /],
      [['--framework', 'keras'], /--framework must be torch, tensorflow, jax, none/],
      [['--purpose', 'train', '--serve', 'fastapi'], /only applies to the serve purpose/],
    ];
    for (const [flags, message] of cases) {
      const r = mldock(['init', '--template', 'cuda', '--dir', dir, '--yes', ...flags]);
      assert.equal(r.status, 2, flags.join(' '));
      assert.match(r.stderr, message, flags.join(' '));
    }
    assert.match(mldock(['init', '--template', 'cpu', '--dir', dir, '--yes', '--cuda', '12.4']).stderr, /CPU image has no CUDA/);
    assert.match(mldock(['init', '--dir', dir, '--yes']).stderr, /--template cuda, conda or cpu/);
    assert.equal(mldock(['init', '--template', 'cpu', '--dir', path.join(dir, 'missing'), '--yes']).status, 2);
    assert.deepEqual(fs.readdirSync(dir), ['requirements.txt']);
  });

  test('without --yes and without a terminal: shows the answers, writes nothing, exits 2; --dry-run prints the files', () => {
    const dir = project('ask', { 'requirements.txt': 'jax==0.7.2\n', 'train.py': '' });
    const r = mldock(['init', '--template', 'cuda', '--dir', dir]);
    assert.equal(r.status, 2);
    assert.match(r.stdout, /framework +JAX 0\.7\.2 +\(detected in requirements\.txt line 1\)/);
    assert.match(r.stderr, /nothing was written\. Pass --yes/);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['requirements.txt', 'train.py']);
    const dry = mldock(['init', '--template', 'cuda', '--dir', dir, '--dry-run', '--compose', '--devcontainer', '--cpu-variant']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /--- Dockerfile\n/);
    assert.match(dry.stdout, /"jax\[cuda12\]==0\.7\.2"/);
    assert.match(dry.stdout, /--- Dockerfile\.cpu\n/);
    assert.match(dry.stdout, /--- \.devcontainer\/devcontainer\.json\n[\s\S]*"--gpus=all"/);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['requirements.txt', 'train.py']);
  });

  test('flags answer every question: compose with the GPU reservation, dev container, CPU variant, cache mounts', () => {
    const dir = project('flags', { 'requirements.txt': 'numpy==2.1.3\n' });
    const r = mldock(['init', '--template', 'cuda', '--dir', dir, '--yes', '--framework', 'tensorflow', '--framework-version', '2.18', '--purpose', 'serve', '--serve', 'none', '--entrypoint', 'serve.py', '--port', '9000', '--compose', '--devcontainer', '--cpu-variant', '--cache-mounts', '--name', 'tf-api']);
    assert.equal(r.status, 0, r.stderr);
    const compose = load(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8')) as { services: Record<string, { deploy?: { resources: { reservations: { devices: { capabilities: string[] }[] } } }; ports?: string[] }> };
    assert.deepEqual(compose.services['tf-api']!.deploy!.resources.reservations.devices[0]!.capabilities, ['gpu']);
    assert.deepEqual(compose.services['tf-api']!.ports, ['9000:9000']);
    const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^# syntax=docker\/dockerfile:1\n/);
    assert.match(dockerfile, /RUN --mount=type=cache,target=\/root\/\.cache\/pip/);
    assert.match(dockerfile, /"tensorflow\[and-cuda\]==2\.18\.\*"/);
    assert.ok(fs.existsSync(path.join(dir, 'Dockerfile.cpu')));
    assert.ok(fs.existsSync(path.join(dir, '.devcontainer', 'devcontainer.json')));
    const lint = lintJson(dir);
    assert.equal(lint.status, 0, lint.stderr);
    assert.deepEqual(lint.report.results.flatMap((f) => f.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${f.file} ${d.rule}`)), []);
    assert.deepEqual([...new Set(lint.report.results.flatMap((f) => f.diagnostics.map((d) => d.rule)))], ['ML004'], 'BuildKit-only syntax is the one note');
  });

  test('--help documents the flags and exit codes', () => {
    const r = mldock(['init', '--help']);
    assert.equal(r.status, 0);
    for (const flag of ['--template', '--framework-version', '--cuda', '--python', '--serve', '--port', '--dir', '--yes', '--force', '--dry-run', 'Exit codes']) assert.ok(r.stdout.includes(flag), flag);
    assert.match(mldock(['--help']).stdout, /mldock init/);
  });
});
