import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyzeDocument } from '../../core/src';
import { FIXTURES, ROOT } from '../helpers/paths';
import { choiceCombinations, expandSnippet } from '../helpers/snippetBody';
import { loadSnippets } from '../helpers/snippetFiles';
import { GRAMMAR_CONTRIBUTIONS, scopeReport, scopesOf, tokenize, type Token } from '../helpers/textmate';

// The grammars run in vscode-textmate with Oniguruma, as in VS Code, wired from package.json. Each
// fixture's full tokenization is kept in `<fixture>.scopes.txt`: any scope change is a diff to review.
// After an intended change, regenerate with UPDATE_SCOPES=1 and read the diff before committing.
const DIR = path.join(FIXTURES, 'grammars');
const REQUIREMENTS = 'source.pip-requirements';
const DOCKERFILE = 'source.dockerfile';
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const has = (scopes: readonly string[], scope: string) => scopes.includes(scope);
const invalidTokens = (lines: readonly (readonly Token[])[]) =>
  lines.flat().filter((t) => t.scopes.some((s) => s.startsWith('invalid.'))).map((t) => `${t.line + 1}: "${t.text}" ${t.scopes.join(' ')}`);

describe('grammar contributions', () => {
  test('package.json registers the pip-requirements language, both grammars and the snippets, and their files exist', () => {
    const language = pkg.contributes.languages.find((l: { id: string }) => l.id === 'pip-requirements');
    assert.ok(language, 'language pip-requirements');
    for (const pattern of ['requirements*.txt', 'constraints*.txt', '*.pip', '**/requirements/*.txt']) assert.ok(language.filenamePatterns.includes(pattern), pattern);
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, language.configuration), 'utf8'));
    assert.equal(config.comments.lineComment, '#');
    for (const g of GRAMMAR_CONTRIBUTIONS) {
      const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, g.path), 'utf8'));
      assert.equal(grammar.scopeName, g.scopeName, g.path);
    }
    assert.deepEqual(GRAMMAR_CONTRIBUTIONS.map((g) => [g.language, g.scopeName, g.injectTo]), [
      ['pip-requirements', REQUIREMENTS, undefined],
      [undefined, 'mldock.dockerfile.injection', [DOCKERFILE]],
    ]);
    assert.deepEqual(pkg.contributes.snippets.map((s: { language: string; path: string }) => [s.language, fs.existsSync(path.join(ROOT, s.path))]), [
      ['dockerfile', true],
      ['pip-requirements', true],
    ]);
  });

  test('the .vsix keeps snippets/ and syntaxes/', () => {
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!snippets/**'));
    assert.ok(ignore.includes('!syntaxes/**'));
  });
});

describe('scope snapshots', () => {
  for (const [fixture, scope] of [['requirements-ml.txt', REQUIREMENTS], ['mldock.Dockerfile', DOCKERFILE]] as const) {
    test(`${fixture} tokenizes as recorded in ${fixture}.scopes.txt`, async () => {
      const text = fs.readFileSync(path.join(DIR, fixture), 'utf8');
      const report = scopeReport(text, await tokenize(scope, text));
      const expectedFile = path.join(DIR, `${fixture}.scopes.txt`);
      if (process.env.UPDATE_SCOPES === '1' && process.env.CI !== 'true') fs.writeFileSync(expectedFile, report);
      assert.equal(report, fs.readFileSync(expectedFile, 'utf8'));
    });
  }
});

describe('pip requirements grammar', () => {
  test('names, extras, specifiers and CUDA local versions', async () => {
    const lines = await tokenize(REQUIREMENTS, 'torch==2.5.1+cu121\ntransformers[torch,sentencepiece]>=4.46,<5\ntorchvision===0.20.1+cpu');
    assert.ok(has(scopesOf(lines, 0, 'torch'), 'entity.name.type.package.pip-requirements'));
    assert.ok(has(scopesOf(lines, 0, '=='), 'keyword.operator.comparison.pip-requirements'));
    assert.ok(has(scopesOf(lines, 0, '2.5.1'), 'constant.numeric.version.pip-requirements'));
    assert.ok(has(scopesOf(lines, 0, '+'), 'punctuation.separator.local-version.pip-requirements'));
    assert.ok(has(scopesOf(lines, 0, 'cu121'), 'constant.language.local-version.pip-requirements'));
    assert.ok(has(scopesOf(lines, 1, 'sentencepiece'), 'variable.parameter.extra.pip-requirements'));
    assert.ok(has(scopesOf(lines, 1, '<'), 'keyword.operator.comparison.pip-requirements'));
    assert.ok(has(scopesOf(lines, 2, '==='), 'keyword.operator.comparison.pip-requirements'));
    assert.ok(has(scopesOf(lines, 2, 'cpu'), 'constant.language.local-version.pip-requirements'));
  });

  test('index and file options, with values', async () => {
    const lines = await tokenize(REQUIREMENTS, [
      '--index-url https://download.pytorch.org/whl/cu124',
      '--extra-index-url=https://${TOKEN}@pypi.example.com/simple',
      '-r base.txt',
      '-c constraints.txt',
      '-rdev.txt',
    ].join('\n'));
    assert.ok(has(scopesOf(lines, 0, '--index-url'), 'keyword.other.option.pip-requirements'));
    assert.ok(has(scopesOf(lines, 0, 'download.pytorch.org/whl/cu124'), 'markup.underline.link.pip-requirements'));
    assert.ok(has(scopesOf(lines, 1, '--extra-index-url'), 'keyword.other.option.pip-requirements'));
    assert.ok(has(scopesOf(lines, 1, 'TOKEN'), 'variable.other.environment.pip-requirements'));
    for (const [line, option, file] of [[2, '-r', 'base.txt'], [3, '-c', 'constraints.txt'], [4, '-r', 'dev.txt']] as const) {
      assert.ok(has(scopesOf(lines, line, option), 'keyword.other.option.pip-requirements'), option);
      assert.ok(has(scopesOf(lines, line, file), 'string.unquoted.path.pip-requirements'), file);
    }
  });

  test('environment markers', async () => {
    const lines = await tokenize(REQUIREMENTS, 'uvloop==0.21.0; sys_platform != "win32" and python_version >= \'3.10\'');
    assert.ok(has(scopesOf(lines, 0, ';'), 'punctuation.separator.marker.pip-requirements'));
    assert.ok(has(scopesOf(lines, 0, 'sys_platform'), 'variable.language.marker.pip-requirements'));
    assert.ok(has(scopesOf(lines, 0, '!='), 'keyword.operator.comparison.pip-requirements'));
    assert.ok(has(scopesOf(lines, 0, 'win32'), 'string.quoted.double.pip-requirements'));
    assert.ok(has(scopesOf(lines, 0, 'and'), 'keyword.operator.logical.pip-requirements'));
    assert.ok(has(scopesOf(lines, 0, '3.10'), 'string.quoted.single.pip-requirements'));
  });

  test('comments start a line or follow whitespace: URL fragments are not comments', async () => {
    const lines = await tokenize(REQUIREMENTS, [
      '# pinned for CUDA 12.1',
      'numpy==1.26.4  # last 1.x',
      'git+https://github.com/org/tool.git@4e20de3#egg=tool',
      'https://example.com/pkg-1.0-py3-none-any.whl#sha256=abc',
    ].join('\n'));
    assert.ok(has(scopesOf(lines, 0, 'pinned for'), 'comment.line.number-sign.pip-requirements'));
    assert.ok(has(scopesOf(lines, 1, 'last 1.x'), 'comment.line.number-sign.pip-requirements'));
    assert.ok(has(scopesOf(lines, 1, '1.26.4'), 'constant.numeric.version.pip-requirements'));
    for (const line of [2, 3]) assert.ok(lines[line]!.every((t) => !t.scopes.some((s) => s.startsWith('comment.'))), `line ${line + 1} has no comment`);
    assert.ok(has(scopesOf(lines, 2, '#egg=tool'), 'markup.underline.link.pip-requirements'));
    assert.ok(has(scopesOf(lines, 2, 'git'), 'support.type.vcs.pip-requirements'));
  });

  test('direct references, hashes and line continuations', async () => {
    const lines = await tokenize(REQUIREMENTS, 'pkg @ git+https://github.com/org/repo.git@v1.0.0\nflash-attn==2.6.3 \\\n    --hash=sha256:0a1b2c');
    assert.ok(has(scopesOf(lines, 0, '@'), 'keyword.operator.direct-reference.pip-requirements'));
    assert.ok(has(scopesOf(lines, 0, 'github.com/org/repo.git@v1.0.0'), 'markup.underline.link.pip-requirements'));
    assert.ok(has(scopesOf(lines, 1, '\\'), 'punctuation.separator.continuation.line.pip-requirements'));
    assert.ok(has(scopesOf(lines, 2, '--hash'), 'keyword.other.option.pip-requirements'));
    assert.ok(has(scopesOf(lines, 2, 'sha256'), 'support.constant.hash-algorithm.pip-requirements'));
    assert.ok(has(scopesOf(lines, 2, '0a1b2c'), 'constant.other.hash.pip-requirements'));
  });

  test('what pip rejects is marked invalid: `=` as an operator and options requirements files do not allow', async () => {
    const lines = await tokenize(REQUIREMENTS, 'torch=2.5.1\n--no-deps\n--install-option=--prefix=/x\n--pre');
    assert.ok(has(scopesOf(lines, 0, '='), 'invalid.illegal.operator.pip-requirements'));
    assert.ok(has(scopesOf(lines, 1, '--no-deps'), 'invalid.illegal.unknown-option.pip-requirements'));
    assert.ok(has(scopesOf(lines, 2, '--install-option'), 'invalid.illegal.unknown-option.pip-requirements'));
    assert.deepEqual(invalidTokens([lines[3]!]), [], '--pre is allowed');
  });

  test('every requirements snippet, with every choice, tokenizes without an invalid token', async () => {
    for (const snippet of loadSnippets('pip-requirements.json')) {
      for (const combo of choiceCombinations(snippet.body)) {
        const text = expandSnippet(snippet.body, combo);
        assert.deepEqual(invalidTokens(await tokenize(REQUIREMENTS, text)), [], `${snippet.prefixes[0]}:\n${text}`);
      }
    }
  });

  test('the fixtures of the rule tests (real requirements files) have no invalid token', async () => {
    for (const file of ['good/requirements.txt', 'good/requirements-gpu.txt', 'good/jupyter-requirements.txt']) {
      const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
      assert.deepEqual(invalidTokens(await tokenize(REQUIREMENTS, text)), [], file);
    }
  });
});

describe('Dockerfile injection: RUN flags', () => {
  test('--mount options across continuation lines', async () => {
    const lines = await tokenize(DOCKERFILE, [
      'RUN --mount=type=cache,target=/root/.cache/pip,sharing=locked \\',
      '    --mount=type=secret,id=hf_token,env=HF_TOKEN,required \\',
      '    pip install -r requirements.txt',
    ].join('\n'));
    assert.ok(has(scopesOf(lines, 0, 'RUN'), 'keyword.other.special-method.dockerfile'));
    assert.ok(has(scopesOf(lines, 0, '--mount'), 'entity.other.attribute-name.flag.dockerfile'));
    assert.ok(has(scopesOf(lines, 0, 'type'), 'support.type.property-name.mount.dockerfile'));
    assert.ok(has(scopesOf(lines, 0, 'cache'), 'constant.language.mount-type.dockerfile'));
    assert.ok(has(scopesOf(lines, 0, 'target'), 'support.type.property-name.mount.dockerfile'));
    assert.ok(has(scopesOf(lines, 0, '/root/.cache/pip'), 'string.unquoted.mount-value.dockerfile'));
    assert.ok(has(scopesOf(lines, 0, ','), 'punctuation.separator.comma.dockerfile'));
    assert.ok(has(scopesOf(lines, 1, '--mount'), 'entity.other.attribute-name.flag.dockerfile'), 'second line is still in the flags');
    assert.ok(has(scopesOf(lines, 1, 'secret'), 'constant.language.mount-type.dockerfile'));
    assert.ok(has(scopesOf(lines, 1, 'required'), 'support.type.property-name.mount.dockerfile'));
    assert.deepEqual(scopesOf(lines, 2, 'pip install'), [], 'the command itself is left to the Dockerfile grammar');
  });

  test('flags end at the command: a --mount inside the command or a string is not a flag', async () => {
    const lines = await tokenize(DOCKERFILE, 'RUN --network=none echo --mount=type=cache "--mount=type=bind"');
    assert.ok(has(scopesOf(lines, 0, 'none'), 'constant.language.network.dockerfile'));
    assert.deepEqual(scopesOf(lines, 0, '--mount=type=cache'), []);
    assert.ok(has(scopesOf(lines, 0, '--mount=type=bind'), 'string.quoted.double.dockerfile'));
  });

  test('a mistyped mount type or option is marked invalid (BuildKit rejects it)', async () => {
    const lines = await tokenize(DOCKERFILE, 'RUN --mount=type=cahce,targt=/x,target=/y true');
    assert.ok(has(scopesOf(lines, 0, 'cahce'), 'invalid.illegal.mount-type.dockerfile'));
    assert.ok(has(scopesOf(lines, 0, 'targt=/x'), 'invalid.illegal.mount-option.dockerfile'));
    assert.ok(has(scopesOf(lines, 0, 'target'), 'support.type.property-name.mount.dockerfile'));
  });

  test('every Dockerfile snippet tokenizes without an invalid token, and its mounts are highlighted', async () => {
    for (const snippet of loadSnippets('dockerfile.json')) {
      for (const combo of choiceCombinations(snippet.body)) {
        const text = expandSnippet(snippet.body, combo);
        const lines = await tokenize(DOCKERFILE, text);
        assert.deepEqual(invalidTokens(lines), [], `${snippet.prefixes[0]}:\n${text}`);
        const mounts = lines.flat().filter((t) => t.text === '--mount');
        assert.equal(mounts.length, (text.match(/--mount=/g) ?? []).length, snippet.name);
        for (const m of mounts) assert.ok(has(m.scopes, 'entity.other.attribute-name.flag.dockerfile'));
      }
    }
  });
});

/** Per character, the scopes of the token covering it. */
function scopesPerChar(tokens: readonly Token[]): string[] {
  return tokens.flatMap((t) => [...t.text].map(() => t.scopes.join(' ')));
}

describe('Dockerfile injection leaves the rest of the file as VS Code highlights it', () => {
  test('outside RUN flags and suppression comments every character keeps the base grammar\'s scopes', async () => {
    const dirs = [path.join(FIXTURES, 'good'), DIR];
    const files = dirs.flatMap((dir) => fs.readdirSync(dir).filter((f) => f.endsWith('Dockerfile')).map((f) => path.join(dir, f)));
    assert.ok(files.length > 10);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const injected = await tokenize(DOCKERFILE, text);
      const base = await tokenize(DOCKERFILE, text, { injections: false });
      injected.forEach((tokens, line) => {
        const mine = scopesPerChar(tokens);
        const theirs = scopesPerChar(base[line]!);
        mine.forEach((scopes, ch) => {
          if (/meta\.flags\.run\.dockerfile|meta\.directive\.suppression\.mldock/.test(scopes)) return;
          assert.equal(scopes, theirs[ch], `${path.basename(file)}:${line + 1}:${ch + 1}`);
        });
      });
    }
  });
});

describe('Dockerfile injection: suppression comments', () => {
  test('the parts of `# mldock ignore=…` and `# mldock global ignore=…`', async () => {
    const lines = await tokenize(DOCKERFILE, '# mldock ignore=ML201,ML401\n# mldock global ignore=ML106');
    assert.ok(has(scopesOf(lines, 0, '#'), 'comment.line.number-sign.dockerfile'), 'still a comment for themes');
    assert.ok(has(scopesOf(lines, 0, '#'), 'meta.directive.suppression.mldock.dockerfile'));
    assert.ok(has(scopesOf(lines, 0, 'mldock'), 'keyword.other.directive.mldock.dockerfile'));
    assert.ok(has(scopesOf(lines, 0, 'ignore'), 'keyword.other.directive.ignore.mldock.dockerfile'));
    assert.ok(has(scopesOf(lines, 0, '='), 'keyword.operator.assignment.dockerfile'));
    assert.ok(has(scopesOf(lines, 0, 'ML201'), 'variable.other.constant.rule-id.mldock.dockerfile'));
    assert.ok(has(scopesOf(lines, 0, ','), 'punctuation.separator.comma.dockerfile'));
    assert.ok(has(scopesOf(lines, 0, 'ML401'), 'variable.other.constant.rule-id.mldock.dockerfile'));
    assert.ok(has(scopesOf(lines, 1, 'global'), 'storage.modifier.global.mldock.dockerfile'));
    assert.ok(has(scopesOf(lines, 1, 'ML106'), 'variable.other.constant.rule-id.mldock.dockerfile'));
  });

  // The grammar must highlight exactly the comments MLDock obeys, and exactly the rule IDs it reads.
  const fragments = ['#', ' ', '  ', '\t', 'mldock', 'MLDock', 'global', 'ignore', 'IGNORE', '=', 'ML201', 'ml401', 'ML9999', ',', ':', '-', 'x', '(', 'because', '.'];
  const commentLine = fc.tuple(fc.constantFrom('', ' ', '  '), fc.array(fc.constantFrom(...fragments), { maxLength: 9 }))
    .map(([indent, parts]) => `${indent}#${parts.join('')}`);
  const directiveLine = fc.tuple(
    fc.constantFrom('# ', '#', '  # '), fc.constantFrom('mldock', 'MLDOCK'), fc.constantFrom(' ', '  ', '\t'), fc.constantFrom('', 'global ', 'global  '),
    fc.constantFrom('ignore', 'Ignore'), fc.constantFrom('=', ' = ', '= '), fc.array(fc.constantFrom('ML201', 'ml401', ',', ' ', 'ML20', 'ML201-x', 'x', '(', '.'), { maxLength: 6 }),
  ).map((parts) => parts.flat().join(''));

  test('highlighted if and only if MLDock reads it as a suppression, with the same rule IDs', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(commentLine, directiveLine), async (line) => {
      const doc = analyzeDocument(`${line}\nFROM python:3.12-slim\n`);
      const ids = [...doc.suppressions.global, ...[...doc.suppressions.byInstruction.values()].flatMap((set) => [...set])];
      const tokens = (await tokenize(DOCKERFILE, line))[0]!;
      const highlighted = tokens.some((t) => has(t.scopes, 'meta.directive.suppression.mldock.dockerfile'));
      assert.equal(highlighted, ids.length > 0, `directive: ${JSON.stringify(line)}`);
      const global = tokens.some((t) => has(t.scopes, 'storage.modifier.global.mldock.dockerfile'));
      assert.equal(global, doc.suppressions.global.size > 0, `global: ${JSON.stringify(line)}`);
      const highlightedIds = new Set(tokens.filter((t) => has(t.scopes, 'variable.other.constant.rule-id.mldock.dockerfile')).map((t) => t.text.toUpperCase()));
      assert.deepEqual([...highlightedIds].sort(), [...new Set(ids.filter((id) => /^ML\d{3}$/.test(id)))].sort(), `IDs: ${JSON.stringify(line)}`);
    }), { seed: 20_251_123, numRuns: 400 });
  });
});
