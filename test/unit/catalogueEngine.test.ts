import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeDocument, lintText, type WorkspaceView } from '../../core/src';
import type { AnyRule } from '../../core/src/rules/types';
import { parseShellCommands } from '../../core/src/parse/shellCommands';
import { scanVariableReads, shellAssignedNames } from '../../core/src/parse/shellVariables';
import { substituteVariables } from '../../core/src/parse/variables';
import { parseRequirementsFile } from '../../core/src/parse/requirementsFile';
import { copiedPaths, copyPaths, workdirAt } from '../../core/src/model/paths';
import { isDefinedInStage } from '../../core/src/model/variableScope';
import { contextSourceOf, loadRequirements } from '../../core/src/rules/support/contextFiles';
import { dockerignoreMatcher } from '../../core/src/rules/support/dockerignore';
import { DEFAULT_SETTINGS, mergeSettings } from '../../core/src/config/settings';

function memoryWorkspace(files: Record<string, string>): WorkspaceView {
  return {
    contextDir: '/ctx',
    readFile: (p) => files[p],
    exists: (p) => p in files || Object.keys(files).some((f) => f.startsWith(`${p}/`)),
    listDir: (p) => (p === '.' ? [...new Set(Object.keys(files).map((f) => (f.includes('/') ? `${f.split('/')[0]}/` : f)))] : undefined),
  };
}

test('variable reads skip single quotes, escapes and comments; defaults are marked', () => {
  const reads = scanVariableReads(`echo "$A" '$B' \\$C \${D:-x} \${#E} $F_1 # $G`, { escape: '\\', comments: true });
  assert.deepEqual(reads.map((r) => [r.name, r.hasDefault]), [['A', false], ['D', true], ['E', true], ['F_1', false]]);
  assert.deepEqual([...shellAssignedNames('X=1 && export Y && for Z in a b; do :; done; read -r W V')].sort(), ['V', 'W', 'X', 'Y', 'Z']);
});

test('substitution may nest (ARG defaults resolved inside a lookup) without looping', () => {
  const outer = substituteVariables('python${V}-${W}', (n) => substituteVariables(n === 'V' ? '${MAJOR}.11' : 'slim', () => '3').value);
  assert.equal(outer.value, 'python3.11-slim');
});

test('commands inside if/for/case/subshells are marked nested', () => {
  const nested = parseShellCommands('a; if x; then b; else c; fi; for i in 1; do d; done; (e); case $x in y) f;; esac; g')
    .map((c) => [c.argv[0]?.value, c.nested]);
  assert.deepEqual(nested, [['a', false], ['x', true], ['b', true], ['c', true], ['d', true], ['e', true], ['f', true], ['g', false]]);
});

test('instructions know their variable uses; ARG scope follows stages', () => {
  const doc = analyzeDocument('ARG V=1\nFROM python:3.12-slim AS a\nRUN echo $V\nARG V\nCOPY x${V} /y\nENV E=1\nFROM a\nRUN echo $E $V\n');
  const [run, , copy] = doc.stages[0]!.instructions.slice(1);
  assert.deepEqual(run!.variables.map((v) => [v.name, v.phase]), [['V', 'run']]);
  assert.deepEqual(copy!.variables.map((v) => [v.name, v.phase]), [['V', 'build']]);
  assert.equal(isDefinedInStage(doc.stages[0]!, 'V', run!.index), false);
  assert.equal(isDefinedInStage(doc.stages[0]!, 'V', copy!.index), true);
  const child = doc.stages[1]!;
  assert.equal(isDefinedInStage(child, 'E', child.instructions[1]!.index), true, 'ENV is inherited');
  assert.equal(isDefinedInStage(child, 'V', child.instructions[1]!.index), false, 'ARG is not');
});

test('a document without FROM is analysed as one stage', () => {
  const doc = analyzeDocument('ARG X=1\nRUN apt-get update\nRUN echo $X\n');
  assert.equal(doc.stages.length, 1);
  assert.equal(doc.stages[0]!.instructions.length, 3);
  assert.deepEqual(doc.stages[0]!.args.map((a) => a.name), ['X']);
  assert.deepEqual(doc.globalArgs, []);
});

test('COPY paths, WORKDIR and the files a COPY creates', () => {
  const doc = analyzeDocument('FROM python:3.12-slim\nWORKDIR /app\nWORKDIR src\nCOPY a.tar.gz b.txt ./\nCOPY ["x y", "/opt/"]\nCOPY . .\nCOPY a . # comment\n');
  const stage = doc.stages[0]!;
  const [, , , c1, c2, c3, c4] = stage.instructions;
  assert.equal(workdirAt(stage, c1!.index), '/app/src');
  assert.deepEqual(copiedPaths(copyPaths(doc, c1!)!, '/app/src').map((p) => p.path), ['/app/src/a.tar.gz', '/app/src/b.txt']);
  assert.deepEqual(copyPaths(doc, c2!)!.sources.map((s) => s.value), ['x y']);
  assert.deepEqual(copiedPaths(copyPaths(doc, c3!)!, '/app/src'), [{ path: '/app/src', directory: true }]);
  assert.equal(copyPaths(doc, c4!), undefined, 'trailing "comments" make a malformed COPY that rules leave to dockerfile-utils');
});

test('container paths are traced back to build-context files through COPY and bind mounts', () => {
  const doc = analyzeDocument([
    'FROM python:3.12-slim', 'WORKDIR /app', 'COPY reqs/ ./reqs/', 'COPY requirements*.txt /tmp/', 'COPY . /src',
    'RUN --mount=type=bind,source=lock/uv.lock,target=/w/uv.lock pip install -r reqs/base.txt -r /tmp/requirements-dev.txt',
  ].join('\n'));
  const stage = doc.stages[0]!;
  const run = stage.instructions.at(-1)!;
  assert.equal(contextSourceOf(doc, stage, run, 'reqs/base.txt'), 'reqs/base.txt');
  assert.equal(contextSourceOf(doc, stage, run, '/tmp/requirements-dev.txt'), 'requirements-dev.txt');
  assert.equal(contextSourceOf(doc, stage, run, '/src/pkg/setup.py'), 'pkg/setup.py');
  assert.equal(contextSourceOf(doc, stage, run, '/w/uv.lock'), 'lock/uv.lock');
  assert.equal(contextSourceOf(doc, stage, run, '/etc/passwd'), undefined);
});

test('requirements files: options, includes, local paths, continuations', () => {
  const file = parseRequirementsFile('--index-url https://download.pytorch.org/whl/cu121\n-r base.txt\n-c constraints.txt\ntorch==2.5.1+cu121 \\\n  ; python_version >= "3.10"\n-e .\n./wheels/x.whl\nnumpy>=2  # comment\n--extra-index-url=https://pypi.example/simple\n');
  assert.equal(file.indexUrl?.value, 'https://download.pytorch.org/whl/cu121');
  assert.deepEqual(file.includes.map((i) => [i.kind, i.path]), [['requirement', 'base.txt'], ['constraint', 'constraints.txt']]);
  assert.deepEqual(file.requirements.map((r) => [r.requirement.name, r.requirement.local, r.line]), [['torch', 'cu121', 3], ['numpy', undefined, 7]]);
  assert.deepEqual(file.localPaths.map((p) => p.value), ['.', './wheels/x.whl']);
  assert.deepEqual(file.extraIndexUrls.map((e) => e.value), ['https://pypi.example/simple']);
  const ws = memoryWorkspace({ 'req/main.txt': '-r base.txt\n-c ../pins.txt\nflask==3.0.3\n', 'req/base.txt': 'numpy==2.1.3\n', 'pins.txt': 'torch==2.5.1\n' });
  assert.deepEqual(loadRequirements(ws, 'req/main.txt').map((l) => [l.path, l.constraint]), [['req/main.txt', false], ['req/base.txt', false], ['pins.txt', true]]);
});

test('.dockerignore matching follows the builder: root-relative, **, negation, directories', () => {
  const excluded = dockerignoreMatcher('# comment\n.git\n/data/\n**/*.pt\ncheckpoints/*\n!keep.pt\n');
  assert.equal(excluded('.git'), true);
  assert.equal(excluded('data'), true);
  assert.equal(excluded('sub/data'), false, 'patterns are relative to the context root');
  assert.equal(excluded('models/best.pt'), true);
  assert.equal(excluded('keep.pt'), false);
  assert.equal(excluded('checkpoints'), true, 'excluding everything inside counts');
  assert.equal(excluded('.venv'), false);
});

test('ML107 reads the build context; ML109 honours trustedRegistries', () => {
  const copyAll = 'FROM python:3.12-slim\nCOPY . .\n';
  const ml107 = (files: Record<string, string>) => lintText(copyAll, { workspace: memoryWorkspace(files) }).diagnostics.filter((d) => d.rule === 'ML107');
  assert.equal(lintText(copyAll).diagnostics.filter((d) => d.rule === 'ML107').length, 0, 'no workspace: no guess');
  assert.match(ml107({ 'app.py': '', 'data/x.csv': '' })[0]!.message, /no \.dockerignore.*`data`/s);
  assert.match(ml107({ '.dockerignore': '.git\n', '.venv/pyvenv.cfg': '', 'model.safetensors': '' })[0]!.message, /does not exclude `\.venv`, `model\.safetensors`/);
  assert.equal(ml107({ '.dockerignore': '.venv\n*.safetensors\n', '.venv/pyvenv.cfg': '', 'model.safetensors': '' }).length, 0);
  const add = 'FROM python:3.12-slim\nADD https://artifacts.example.com/m.onnx /m/\n';
  assert.equal(lintText(add).diagnostics.filter((d) => d.rule === 'ML109').length, 1);
  const trusted = mergeSettings(DEFAULT_SETTINGS, { trustedRegistries: ['artifacts.example.com'] });
  assert.equal(lintText(add, { settings: trusted }).diagnostics.filter((d) => d.rule === 'ML109').length, 0);
});

test('no quick-fix where a mechanical edit could break the build', () => {
  const fixable = (text: string, rule: string) => lintText(text).diagnostics.filter((d) => d.rule === rule).map((d) => d.fixable);
  assert.deepEqual(fixable('FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -e .\n', 'ML105'), [false], 'an editable install needs the code');
  assert.deepEqual(fixable('FROM python:3.12-slim\nCOPY . .\nRUN make deps\nRUN pip install -r requirements.txt\n', 'ML105'), [false], 'something in between may need the code');
  assert.deepEqual(fixable('FROM ubuntu:22.04\nRUN apt-get update\n', 'ML102'), [false], 'removing the lists right after update alone would break the next install');
  assert.deepEqual(fixable('FROM continuumio/miniconda3:24.9.2-0\nRUN conda activate x && pip install flask==3.0.3\n', 'ML211'), [false]);
  assert.deepEqual(fixable('FROM python:3.12-slim\nIF x\nENV A=1\nENDIF\n', 'ML001'), [false, false], 'ENV cannot be conditional');
  assert.deepEqual(fixable('FROM python:3.12-slim\nRUN pip install x # note\n', 'ML201'), [true], 'insertions after a word are safe even before a comment');
  assert.deepEqual(fixable('FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl # note\n', 'ML102'), [false], 'appending after a shell comment would be commented out');
});

test('whether a finding is fixable is worked out once, when read: linting alone runs no fix', () => {
  let fixes = 0;
  const counting: AnyRule = {
    id: 'ML201', title: 't', defaultSeverity: 'warning', summary: 's',
    check: ({ doc }) => doc.instructions.map((i) => ({ ruleId: 'ML201', span: { start: i.start, end: i.end }, message: 'm' })),
    fix: () => { fixes++; return [{ title: 'f', edits: [] }]; },
  };
  const throwing: AnyRule = { ...counting, id: 'ML202', check: () => [{ ruleId: 'ML202', span: { start: 0, end: 4 }, message: 'm' }], fix: () => { throw new Error('broken fix'); } };
  const result = lintText('FROM a\nRUN b\n', { rules: [counting, throwing] });
  const [first, second] = result.diagnostics.filter((d) => d.rule === 'ML201');
  assert.equal(fixes, 0, 'publishing diagnostics never runs a fix');
  assert.equal(first!.fixable, true);
  assert.equal(first!.fixable, true);
  assert.equal(fixes, 1, 'read twice, run once');
  assert.deepEqual({ ...second }.fixable, true, 'a copy of the diagnostic carries the value');
  const broken = result.diagnostics.find((d) => d.rule === 'ML202')!;
  assert.equal(broken.fixable, false, 'a fix that throws means not fixable');
  assert.ok(result.failures.some((f) => f.step === 'fix ML202'), 'and is recorded as a failed step');
});
