// Reusing the last analysis while the user types must give exactly what analysing from scratch gives.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDocument, lintText, RULES_BY_ID, type AnalyzedDocument, type LintResult } from '../../core/src';
import { anyDockerfile } from '../helpers/dockerfileArbitrary';
import { modelJson } from '../helpers/modelJson';
import { seedDockerfiles, seedDocument } from '../helpers/seedCorpus';

const SEED: { seed?: number } = process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : process.env.CI === 'true' ? { seed: 20_261_202 } : {};

/** What an editor sends: text typed, deleted or pasted anywhere, including what changes the structure. */
const PIECES = ['x', ' ', '\n', '\\', '\\\n', '`', '\r\n', '#', '# escape=`\n', '<<EOF\n', 'EOF\n', 'FROM python:3.12 AS b\n', 'RUN pip install torch\n', '"', '[', '$', '${A}', 'ARG A=1\n', ''];
const edit = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 12 }), fc.constantFrom(...PIECES));

function applyEdit(text: string, [where, remove, insert]: [number, number, string]): string {
  const at = Math.floor(where * text.length);
  return text.slice(0, at) + insert + text.slice(Math.min(text.length, at + remove));
}

function assertSameAnalysis(text: string, previous: AnalyzedDocument): AnalyzedDocument {
  const reused = analyzeDocument(text, { previous });
  const fresh = analyzeDocument(text);
  assert.equal(modelJson(reused), modelJson(fresh), `analysis reusing the last version differs for ${JSON.stringify(text.slice(0, 300))}`);
  return reused;
}

test('a chain of random edits: every version analysed from the last equals analysing it from scratch', () => {
  fc.assert(fc.property(anyDockerfile, fc.array(edit, { minLength: 1, maxLength: 6 }), (original, edits) => {
    let text = original;
    let previous = analyzeDocument(text);
    for (const e of edits) {
      text = applyEdit(text, e);
      previous = assertSameAnalysis(text, previous);
    }
  }), { numRuns: 1500, ...SEED });
});

test('typing into every seed Dockerfile, a character at a time, anywhere', () => {
  fc.assert(fc.property(fc.constantFrom(...seedDockerfiles().map((s) => s.text)), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('RUN apt-get install -y x \\\n  && pip install y\n', 'FROM a AS b\n', '<<EOF\nz\nEOF\n', '# mldock ignore=ML201\n'), (seed, where, typed) => {
    const at = Math.floor(where * seed.length);
    let previous = analyzeDocument(seed);
    for (let n = 1; n <= typed.length; n++) previous = assertSameAnalysis(seed.slice(0, at) + typed.slice(0, n) + seed.slice(at), previous);
  }), { numRuns: 150, ...SEED });
});

test('lint results reusing the last version equal fresh ones, diagnostics and fixability included', () => {
  const base = seedDocument(1000);
  fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
    let text = base;
    let previous: LintResult = lintText(text);
    for (const e of edits) {
      text = applyEdit(text, e);
      const reused = lintText(text, { previous });
      const fresh = lintText(text);
      assert.deepEqual(reused.diagnostics.map(({ finding: _f, syntax: _s, ...d }) => d), fresh.diagnostics.map(({ finding: _f, syntax: _s, ...d }) => d));
      previous = reused;
    }
  }), { numRuns: 60, ...SEED });
});

/** Diagnostics with what their quick-fixes would change, comparable between two lints of one text. */
function lintOutcome(result: LintResult): unknown {
  return result.diagnostics.map(({ finding, syntax: _s, ...d }) => ({
    ...d,
    fixes: finding && result.context ? (RULES_BY_ID.get(d.rule)?.fix?.(finding, result.context) ?? []) : [],
  }));
}

test('typing into every seed Dockerfile: lint results and quick-fixes reusing the last version equal fresh ones', () => {
  const texts = [...seedDockerfiles().map((s) => s.text), seedDocument(50)];
  const typing = fc.constantFrom('x', ' -y', '$A', '"', '--no-cache-dir ', ' || true', ' \\\n  && pip install y', '\r', 'AS b', '=1');
  fc.assert(fc.property(fc.constantFrom(...texts), fc.double({ min: 0, max: 1, noNaN: true }), typing, (seed, where, typed) => {
    const at = Math.floor(where * seed.length);
    let previous = lintText(seed);
    for (let n = 1; n <= typed.length; n++) {
      const text = seed.slice(0, at) + typed.slice(0, n) + seed.slice(at);
      const reused = lintText(text, { previous });
      assert.deepEqual(lintOutcome(reused), lintOutcome(lintText(text)), `typing ${JSON.stringify(typed.slice(0, n))} at ${at} of ${JSON.stringify(seed.slice(0, 200))}`);
      previous = reused;
    }
  }), { numRuns: 200, ...SEED });
});
