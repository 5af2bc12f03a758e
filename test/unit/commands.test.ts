import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseShellCommands, resolveProgram } from '../../core/src/parse/shellCommands';
import { recognisePip } from '../../core/src/parse/commands/pip';
import { recogniseApt } from '../../core/src/parse/commands/apt';
import { recogniseConda } from '../../core/src/parse/commands/conda';
import { recogniseDownload } from '../../core/src/parse/commands/download';
import { parseRequirement } from '../../core/src/parse/requirement';
import { analyzeDocument } from '../../core/src';

const program = (s: string) => resolveProgram(parseShellCommands(s)[0]!);

test('pip: every way of invoking it, with options and requirements', () => {
  const pip = recognisePip(program('python3.11 -m pip install --no-cache -r req.txt --index-url https://download.pytorch.org/whl/cu121 torch==2.4.0+cu121 "jax[cuda12]>=0.4"'))!;
  assert.equal(pip.subcommand, 'install');
  assert.equal(pip.interpreter, 'python3.11');
  assert.equal(pip.noCacheDir, true, '--no-cache is an unambiguous prefix of --no-cache-dir');
  assert.deepEqual(pip.requirementFiles.map((o) => o.value), ['req.txt']);
  assert.equal(pip.indexUrl?.value, 'https://download.pytorch.org/whl/cu121');
  assert.deepEqual(pip.requirements.map((r) => [r.requirement.name, r.requirement.version, r.requirement.local]), [['torch', '2.4.0', 'cu121'], ['jax', undefined, undefined]]);
  assert.deepEqual(pip.requirements[1]!.requirement.extras, ['cuda12']);
  assert.equal(recognisePip(program('pip --no-cache-dir install x'))!.noCacheDir, true, 'global option before the subcommand');
  assert.equal(recognisePip(program('pip install -rreq.txt'))!.requirementFiles[0]!.value, 'req.txt');
  const uv = recognisePip(program('uv pip install -n --system x'))!;
  assert.equal(uv.tool, 'uv');
  assert.equal(uv.noCacheDir, true);
  assert.equal(recognisePip(program('python app.py')), undefined);
  assert.equal(recognisePip(program('python -c "import pip"')), undefined);
  assert.equal(recognisePip(program('pipx install black')), undefined);
});

test('requirements: names, pins, local versions, extras, markers, URLs and paths', () => {
  const r = parseRequirement('Scikit_Learn[Alldeps] == 1.5.0 ; python_version >= "3.9"');
  assert.deepEqual([r.name, r.pinned, r.extras, r.marker], ['scikit-learn', '1.5.0', ['Alldeps'], 'python_version >= "3.9"']);
  assert.equal(parseRequirement('torch>=2,<3').specifier, '>=2,<3');
  assert.equal(parseRequirement('torch>=2,<3').pinned, undefined);
  assert.equal(parseRequirement('git+https://github.com/x/y').kind, 'url');
  assert.equal(parseRequirement('./dist/pkg-1.0-py3-none-any.whl').kind, 'path');
  assert.equal(parseRequirement('pkg @ https://example.com/pkg.whl').kind, 'url');
});

test('apt: install flags, packages with versions, recommends off via -o', () => {
  const apt = recogniseApt(program('apt-get install -y -o APT::Install-Recommends=false curl=7.88.1 python3-pip'))!;
  assert.equal(apt.subcommand, 'install');
  assert.equal(apt.assumeYes, true);
  assert.equal(apt.noInstallRecommends, true);
  assert.deepEqual(apt.packages.map((p) => [p.name, p.version]), [['curl', '7.88.1'], ['python3-pip', undefined]]);
  assert.equal(recogniseApt(program('apt install --no-install-recommends -qq vim'))!.noInstallRecommends, true);
});

test('conda: subcommands, -y, env names, channels, clean -afy', () => {
  const create = recogniseConda(program('mamba create -n py311 -c conda-forge python=3.11 numpy -y'))!;
  assert.deepEqual([create.subcommand, create.envName, create.channels, create.assumeYes], ['create', 'py311', ['conda-forge'], true]);
  assert.deepEqual(create.specs.map((w) => w.value), ['python=3.11', 'numpy']);
  const clean = recogniseConda(program('conda clean -afy'))!;
  assert.deepEqual(clean.parsed.options.map((o) => o.name), ['--all', '--force-pkgs-dirs', '--yes']);
  assert.equal(recogniseConda(program('micromamba env create -f environment.yml'))!.subcommand, 'env create');
  const run = analyzeDocument('FROM mambaorg/micromamba:1.5.10\nRUN micromamba run -n app pip install x').instructions[1]!;
  assert.equal(run.commands[0]!.pip?.subcommand, 'install', 'pip is recognised through `micromamba run`');
});

test('downloads: URLs, output files, insecure flags', () => {
  const curl = recogniseDownload(program('curl -fsSL https://example.com/install.sh -o /tmp/i.sh'))!;
  assert.deepEqual([curl.urls.map((u) => u.value), curl.output, curl.toStdout], [['https://example.com/install.sh'], '/tmp/i.sh', false]);
  assert.equal(recogniseDownload(program('curl -sSL https://x.sh'))!.toStdout, true);
  assert.equal(recogniseDownload(program('wget --no-check-certificate -qO- https://x'))!.insecure, true);
});
