import { test, describe, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { mldock } from '../helpers/cli';
import { ROOT, SEEDS, SHARED_SEEDS } from '../helpers/paths';

// Both run as a non-root user with unbuffered output, so only the findings the tests name appear.
const BAD = 'FROM python:latest\nRUN pip install flask==3.0.3\nCMD python app.py\nENV PYTHONUNBUFFERED=1\nUSER 10001\n';
const GOOD = 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\nENV PYTHONUNBUFFERED=1\nUSER 10001\nCMD ["python", "app.py"]\n';

interface JsonReport {
  version: number;
  results: { file: string; diagnostics: { rule: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number; fixable: boolean }[] }[];
}

describe('mldock lint', () => {
  let dir: string;
  const write = (rel: string, text: string | Buffer) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-cli-'));
    write('bad/Dockerfile', BAD);
    write('good/Dockerfile', GOOD);
    write('tree/api.Dockerfile', BAD);
    write('tree/Dockerfile.gpu', GOOD);
    write('tree/Containerfile', GOOD);
    write('tree/node_modules/pkg/Dockerfile', BAD);
    write('tree/notes.txt', 'not a dockerfile');
    write('syntax/Dockerfile', 'FROM python:3.12-slim\nRUNN echo typo\n'); // IF/ELSE lines are ML001's, so use another unknown word
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('--version and --help', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(mldock(['--version']).stdout.trim(), pkg.version);
    const help = mldock(['lint', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--fail-on/);
    assert.match(help.stdout, /Exit codes/);
    assert.equal(mldock([]).status, 2);
    assert.equal(mldock(['frobnicate']).status, 2);
  });

  test('text output lists findings with rule IDs; exit code follows --fail-on', () => {
    const r = mldock(['lint', 'bad/Dockerfile'], { cwd: dir });
    assert.equal(r.status, 0, 'warnings do not fail by default (--fail-on error)');
    assert.match(r.stdout, /bad\/Dockerfile/);
    assert.match(r.stdout, /2:5 +warning .*ML201 \(quick-fix\)/);
    assert.match(r.stdout, /3 problems \(0 errors, 3 warnings, 0 info\)/);
    assert.equal(mldock(['lint', '--fail-on', 'warning', 'bad/Dockerfile'], { cwd: dir }).status, 1);
    assert.equal(mldock(['lint', '--fail-on', 'info', 'good/Dockerfile'], { cwd: dir }).status, 0);
    assert.equal(mldock(['lint', 'syntax/Dockerfile'], { cwd: dir }).status, 1, 'a syntax error fails at the default level');
    assert.equal(mldock(['lint', '--fail-on', 'none', 'syntax/Dockerfile'], { cwd: dir }).status, 0);
  });

  test('JSON follows the documented contract', () => {
    const r = mldock(['lint', '--format', 'json', 'bad/Dockerfile', 'good/Dockerfile'], { cwd: dir });
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.version, 1);
    assert.deepEqual(report.results.map((x) => x.file), ['bad/Dockerfile', 'good/Dockerfile']);
    const d = report.results[0]!.diagnostics.find((x) => x.rule === 'ML201')!;
    assert.deepEqual(Object.keys(d).sort(), ['column', 'endColumn', 'endLine', 'fixable', 'line', 'message', 'rule', 'severity']);
    assert.deepEqual([d.line, d.column, d.endLine, d.endColumn, d.severity, d.fixable], [2, 5, 2, 16, 'warning', true]);
    assert.deepEqual(report.results[1]!.diagnostics, []);
    const syntax = JSON.parse(mldock(['lint', '--format', 'json', 'syntax/Dockerfile'], { cwd: dir }).stdout) as JsonReport;
    assert.equal(syntax.results[0]!.diagnostics[0]!.rule, 'dockerfile-utils/UNKNOWN_INSTRUCTION');
  });

  test('SARIF 2.1.0 validates against the official schema', () => {
    const r = mldock(['lint', '--format', 'sarif', 'bad/Dockerfile', 'syntax/Dockerfile'], { cwd: dir });
    const log = JSON.parse(r.stdout);
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, schemaId: 'auto' });
    ajv.addMetaSchema(JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/ajv/lib/refs/json-schema-draft-04.json'), 'utf8')));
    const valid = ajv.validate(schema, log);
    assert.ok(valid, JSON.stringify(ajv.errors?.slice(0, 3)));
    const run = log.runs[0];
    assert.equal(log.version, '2.1.0');
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'ML201');
    assert.equal(result.level, 'warning');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'bad/Dockerfile');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 2);
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'ML201');
    assert.match(run.tool.driver.rules[result.ruleIndex].helpUri, /docs\/rules\/ML201\.md$/);
  });

  test('directories are searched for Dockerfile name patterns, skipping node_modules', () => {
    const report = JSON.parse(mldock(['lint', '--format', 'json', 'tree'], { cwd: dir }).stdout) as JsonReport;
    assert.deepEqual(report.results.map((x) => x.file), ['tree/Containerfile', 'tree/Dockerfile.gpu', 'tree/api.Dockerfile']);
  });

  test('clear errors and exit 2 for missing paths, empty directories and non-Dockerfiles', () => {
    const missing = mldock(['lint', 'nope/Dockerfile'], { cwd: dir });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\/Dockerfile: no such file or directory/);
    fs.mkdirSync(path.join(dir, 'empty'), { recursive: true });
    const empty = mldock(['lint', 'empty'], { cwd: dir });
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /no Dockerfiles found/);
    const txt = mldock(['lint', 'tree/notes.txt'], { cwd: dir });
    assert.equal(txt.status, 2);
    assert.match(txt.stderr, /does not look like a Dockerfile/);
    write('bin/Dockerfile', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]));
    assert.match(mldock(['lint', 'bin/Dockerfile'], { cwd: dir }).stderr, /binary file/);
    const bad = mldock(['lint', '--format', 'yaml', 'bad'], { cwd: dir });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format must be text, json or sarif/);
    const mixed = mldock(['lint', '--format', 'json', 'bad/Dockerfile', 'nope'], { cwd: dir });
    assert.equal(mixed.status, 2, 'an I/O error wins over findings');
    assert.equal((JSON.parse(mixed.stdout) as JsonReport).results.length, 1, 'the readable file is still reported');
  });

  test('--config and discovered .mldock.yaml set rule levels; broken configs are explained', () => {
    write('cfg/strict.yaml', 'rules:\n  ML201: error\n  ML106: off\n');
    const strict = mldock(['lint', '--format', 'json', '--config', 'cfg/strict.yaml', 'bad/Dockerfile'], { cwd: dir });
    assert.equal(strict.status, 1);
    const rules = (JSON.parse(strict.stdout) as JsonReport).results[0]!.diagnostics.map((d) => `${d.rule}:${d.severity}`);
    assert.deepEqual(rules, ['ML201:error', 'ML501:warning']);
    assert.equal(mldock(['lint', '--config', 'cfg/missing.yaml', 'bad'], { cwd: dir }).status, 2);
    write('cfg/broken.yaml', 'rules: [oops\n');
    const broken = mldock(['lint', '--config', 'cfg/broken.yaml', 'bad'], { cwd: dir });
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /broken\.yaml:\d+:\d+: Invalid YAML/);
    write('cfg/typo.yaml', 'rules:\n  ML999: off\n');
    assert.match(mldock(['lint', '--config', 'cfg/typo.yaml', 'bad'], { cwd: dir }).stderr, /Unknown rule ID `ML999`/);

    write('proj/.mldock.yaml', 'rules:\n  ML201: off\nignore:\n  - "legacy/**"\n');
    write('proj/app/Dockerfile', BAD);
    write('proj/legacy/Dockerfile', BAD);
    const found = JSON.parse(mldock(['lint', '--format', 'json', 'proj'], { cwd: dir }).stdout) as JsonReport;
    assert.deepEqual(found.results.map((x) => x.file), ['proj/app/Dockerfile'], 'ignore globs skip legacy/');
    assert.ok(!found.results[0]!.diagnostics.some((d) => d.rule === 'ML201'), 'the nearest .mldock.yaml applies');
    write('proj2/.mldock.yaml', ':\n  - [\n');
    write('proj2/Dockerfile', BAD);
    const discovered = mldock(['lint', '--format', 'json', 'proj2'], { cwd: dir });
    assert.match(discovered.stderr, /\.mldock\.yaml:\d+:\d+: Invalid YAML/);
    assert.ok((JSON.parse(discovered.stdout) as JsonReport).results[0]!.diagnostics.some((d) => d.rule === 'ML201'), 'defaults apply');
  });

  test('inline suppressions', () => {
    const r = mldock(['lint', '--format', 'json', '-'], { input: '# mldock global ignore=ML106\nFROM python:latest\n# mldock ignore=ML201\nRUN pip install x\nRUN pip install y\n' });
    const lines = (JSON.parse(r.stdout) as JsonReport).results[0]!.diagnostics.map((d) => `${d.rule}@${d.line}`);
    assert.deepEqual(lines, ['ML201@5']);
  });
});

test('the vendored seed Dockerfiles match ../shared/seed-dockerfiles', { skip: !fs.existsSync(SHARED_SEEDS) && 'no ../shared here' }, () => {
  for (const name of fs.readdirSync(SHARED_SEEDS)) {
    assert.equal(fs.readFileSync(path.join(SEEDS, name), 'utf8'), fs.readFileSync(path.join(SHARED_SEEDS, name), 'utf8'), name);
  }
});

test('every seed Dockerfile lints without a crash', () => {
  const r = mldock(['lint', '--format', 'json', '--fail-on', 'none', SEEDS]);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|skipped/);
  const report = JSON.parse(r.stdout) as JsonReport;
  assert.equal(report.results.length, fs.readdirSync(SEEDS).filter((f) => f.endsWith('Dockerfile')).length);
  assert.ok(report.results.some((x) => x.diagnostics.some((d) => d.rule === 'ML201')), 'seed mistakes are found');
});

test('the input that overflows dockerfile-utils is linted, with the failed step named', () => {
  const r = mldock(['lint', '--format', 'json', '-'], { input: ' python:3.11-slim escape=`condaIF$ADDpython:3.11-slim ' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  assert.match(r.stderr, /dockerfile-utils validation skipped \(RangeError/);
  JSON.parse(r.stdout);
});
