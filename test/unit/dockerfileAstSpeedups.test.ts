import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DockerfileParser, Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { analyzeDocument } from '../../core/src';
import { tokenizeArguments, type TokenizedInstruction } from '../../core/src/parse/argumentTokenizer';
import { dockerfileAstSpeedupsActive, installDockerfileAstSpeedups, uninstallDockerfileAstSpeedups } from '../../core/src/parse/dockerfileAstSpeedups';
import { generatedDockerfile, mutatedSeed } from '../helpers/dockerfileArbitrary';
import { modelJson } from '../helpers/modelJson';
import { seedDockerfiles, seedDocument } from '../helpers/seedCorpus';

const service = DockerfileLanguageServiceFactory.createLanguageService();

/**
 * Everything the server and the CLI compute from dockerfile-ast, as comparable JSON. The shared tree is
 * read by every consumer in turn, so each one runs twice, around every other feature of
 * dockerfile-language-service (links, highlights, rename and semantic tokens move ranges they are
 * handed): a consumer that changed shared state shows up as a difference from the unpatched library.
 */
function observe(text: string): string {
  const lines = text.split(/\r\n|\r|\n/).length;
  const positions = [0, 1, Math.floor(lines / 2), lines - 1].map((line) => ({ line, character: 1 }));
  const doc = { uri: 'file:///w/Dockerfile' };
  const model = () => modelJson(analyzeDocument(text));
  const consumers = () => ({
    // Which build stage each comment was filed under (organizeComments), as each stage lists them.
    stageComments: outcome(() => {
      const tree = DockerfileParser.parse(text);
      return tree.getComments().map((c) => tree.getContainingImage(c.getRange().start)?.getComments().map((x) => x.getRange()));
    }),
    validate: outcome(() => validate(text)),
    // Variables as each instruction resolves them through its tree (ENV/ARG values of the text itself).
    expanded: outcome(() => DockerfileParser.parse(text).getInstructions().map((i) => i.getExpandedArguments().map((a) => a.getValue()))),
    model: outcome(() => model()),
    hovers: positions.map((p) => outcome(() => service.computeHover(text, p))),
    completion: outcome(() => service.computeCompletionItems(text, positions[2]!)),
    format: outcome(() => service.format(text, { tabSize: 4, insertSpaces: true })),
  });
  const before = consumers();
  const others = {
    links: outcome(() => service.computeLinks(text)),
    semanticTokens: outcome(() => service.computeSemanticTokens(text)),
    symbols: outcome(() => service.computeSymbols(doc, text)),
    folding: outcome(() => service.computeFoldingRanges(text)),
    perPosition: positions.map((p) => ({
      highlights: outcome(() => service.computeHighlightRanges(text, p)),
      definition: outcome(() => service.computeDefinition(doc, text, p)),
      rename: outcome(() => service.computeRename(doc, text, p, 'renamed')),
      signature: outcome(() => service.computeSignatureHelp(text, p)),
    })),
  };
  return JSON.stringify({ before, others, after: consumers() });
}

/** A result or the error it threw (dockerfile-utils overflows its stack on some inputs, patched or not). */
function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return { threw: error instanceof Error ? error.name : String(error) };
  }
}

function compare(text: string): void {
  const fast = observe(text);
  uninstallDockerfileAstSpeedups();
  try {
    const reference = observe(text);
    if (fast !== reference) {
      let i = 0;
      while (fast[i] === reference[i]) i++;
      assert.fail(`speed-ups changed a result for ${JSON.stringify(text.slice(0, 200))}: …${fast.slice(Math.max(0, i - 80), i + 80)}… instead of …${reference.slice(Math.max(0, i - 80), i + 80)}…`);
    }
  } finally {
    installDockerfileAstSpeedups();
  }
}

test('the dockerfile-ast speed-ups are active for the pinned version', () => {
  assert.equal(dockerfileAstSpeedupsActive(), true, 'core installs them; after a dockerfile-ast upgrade re-verify and bump VERIFIED_AST_VERSION');
});

test('the speed-ups change no result on the seed Dockerfiles, a 2,000-line file and long lines', () => {
  for (const seed of seedDockerfiles()) compare(seed.text);
  compare(seedDocument(2000));
  for (const unit of ['a', 'x ', '\\', '"', '$']) compare(`FROM python:3.12\nRUN pip install ${unit.repeat(3000)}\n`);
});

test('the speed-ups change no result on generated and mutated Dockerfiles', () => {
  fc.assert(fc.property(fc.oneof(generatedDockerfile, mutatedSeed), (text) => compare(text)), { numRuns: 400 });
});

/** Every instruction's arguments from dockerfile-ast's own tokeniser, as comparable JSON. */
function tokenised(text: string, tokenise: (instruction: Instruction) => unknown): string {
  return JSON.stringify(DockerfileParser.parse(text).getInstructions().map((i) => tokenise(i)));
}

test('the run-gathering tokeniser gives every argument, value and range the original does', () => {
  const cases = fc.oneof(
    { weight: 3, arbitrary: fc.oneof(generatedDockerfile, mutatedSeed) },
    // Escapes in every position: before `$`, spaces, CR/LF, end of input, in comments inside continuations.
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('\\', '`'), fc.array(fc.constantFrom('RUN ', 'a', 'b c', '$', '#', ' ', '\t', '\n', '\r\n', '\r', 'ESC', 'ESC ', 'ESC\n', 'ESC  \n', 'ESC\r\n', 'ESC$', 'ESC ESC', '"', "'", 'x=1'), { maxLength: 30 }))
      .map(([escape, parts]) => `${escape === '`' ? '# escape=`\n' : ''}FROM x\n${parts.join('').replaceAll('ESC', escape)}`) },
  );
  uninstallDockerfileAstSpeedups();
  try {
    const original = (Instruction.prototype as unknown as { getRawArguments(this: Instruction): unknown }).getRawArguments;
    fc.assert(fc.property(cases, (text) => {
      const expected = tokenised(text, (i) => original.call(i));
      const actual = tokenised(text, (i) => tokenizeArguments(i as unknown as TokenizedInstruction));
      assert.equal(actual, expected, JSON.stringify(text));
    }), { numRuns: 3000 });
  } finally {
    installDockerfileAstSpeedups();
  }
});

test('keystroke after keystroke, tokens kept from the previous text change no result', () => {
  const edit = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 6 }), fc.constantFrom('x', ' ', '\n', '\\', '\\\n', '\r\n', '#', '$', '"', '<<EOF\n', 'FROM a AS b\n', 'ARG X=1\n', ''));
  fc.assert(fc.property(fc.oneof(generatedDockerfile, mutatedSeed), fc.array(edit, { minLength: 1, maxLength: 5 }), (original, edits) => {
    const versions = [original];
    for (const [where, remove, insert] of edits) {
      const text = versions.at(-1)!;
      const at = Math.floor(where * text.length);
      versions.push(text.slice(0, at) + insert + text.slice(Math.min(text.length, at + remove)));
    }
    const fast = versions.map((text) => observe(text));
    uninstallDockerfileAstSpeedups();
    try {
      versions.forEach((text, i) => assert.equal(fast[i], observe(text), `version ${i} of ${JSON.stringify(versions)}`));
    } finally {
      installDockerfileAstSpeedups();
    }
  }), { numRuns: 150 });
});

test('an instruction the edit left alone is rebuilt from its last construction, in the new tree and document', () => {
  const before = DockerfileParser.parse('FROM alpine\nARG V=one\nRUN echo $V\nCMD ["run", "x"]\n');
  const after = DockerfileParser.parse('FROM alpine\nARG V=two\nRUN echo $V\nCMD ["run", "x"]\n');
  const [, , runBefore, cmdBefore] = before.getInstructions();
  const [, , run, cmd] = after.getInstructions();
  // The variable resolves against the tree it is in now, not the one it was first built in.
  assert.equal(runBefore!.getExpandedArguments()[1]!.getValue(), 'one');
  assert.equal(run!.getExpandedArguments()[1]!.getValue(), 'two');
  assert.notEqual(run, runBefore);
  assert.ok(run instanceof Instruction && run.getKeyword() === 'RUN');
  // Each one has its own list of JSON strings (of the same, unchanged arguments).
  const strings = (i: unknown) => (i as { getJSONStrings(): { getValue(): string }[] }).getJSONStrings();
  assert.notEqual(strings(cmd), strings(cmdBefore));
  assert.equal(strings(cmd)[0], strings(cmdBefore)[0], 'revived, not constructed again: the arguments are the same objects');
  assert.deepEqual(strings(cmd).map((a) => a.getValue()), ['"run"', '"x"']);
  strings(cmd).pop();
  assert.equal(strings(cmdBefore).length, 2);
});
