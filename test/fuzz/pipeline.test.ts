// Property-based robustness of the whole pipeline, written over the rule registry so every rule
// added later is covered without touching this file. "Bounded time" is a generous ceiling that only
// a hang or a blow-up would cross, never a speed target (speed lives in `npm run bench`).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { analyzeDocument, applyEdits, codeActionsFor, lintText, RULES, toLspDiagnostics, type AnyRule, type FixSuggestion, type LintDiagnostic, type LintResult, type OffsetEdit } from '../../core/src';
import { DocsPages } from '../../server/src/docsPages';
import { diagnosticHover } from '../../server/src/hover';
import { anyDockerfile } from '../helpers/dockerfileArbitrary';
import { seedDocument } from '../helpers/seedCorpus';

const BOUND_MS = 15_000;
/**
 * Locally every run explores new inputs (fast-check prints the seed of a failure; replay it with
 * FUZZ_SEED=<seed>). Under CI the seed is fixed so a landing is judged on the same inputs every time.
 */
const SEED: { seed?: number } = process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : process.env.CI === 'true' ? { seed: 20_261_123 } : {};
const docs = new DocsPages();
const service = DockerfileLanguageServiceFactory.createLanguageService();

/** Steps of our own code that failed (dependency validation may overflow on odd input; it is guarded). */
function ownFailures(result: LintResult): string[] {
  return result.failures.filter((f) => f.step !== 'dockerfile-utils validation').map((f) => `${f.step}: ${f.message}`);
}

function bounded<T>(what: string, run: () => T): T {
  const t0 = performance.now();
  const value = run();
  const ms = performance.now() - t0;
  assert.ok(ms < BOUND_MS, `${what} took ${ms.toFixed(0)} ms`);
  return value;
}

/** Where a span of the original text ends up after non-overlapping edits. */
function mapSpan(span: { start: number; end: number }, edits: readonly OffsetEdit[]): { start: number; end: number } {
  const map = (offset: number) => edits.reduce((o, e) => (e.end <= offset ? o + e.newText.length - (e.end - e.start) : o), offset);
  return { start: map(span.start), end: Math.max(map(span.start), map(span.end)) };
}

/** Applies the preferred fix of every finding of one rule, as a user accepting each quick-fix would. */
function fixAll(text: string, ruleId: string): string {
  const result = lintText(text);
  const rule = RULES.find((r) => r.id === ruleId)!;
  const edits: OffsetEdit[] = [];
  for (const d of result.diagnostics) {
    if (d.rule !== ruleId || !d.finding || !result.context) continue;
    const fixes = rule.fix?.(d.finding, result.context) ?? [];
    edits.push(...((fixes.find((f) => f.preferred) ?? fixes[0])?.edits ?? []));
  }
  return applyEdits(text, edits);
}

function checkEverything(text: string): void {
  const result = bounded('lintText', () => lintText(text));
  assert.deepEqual(ownFailures(result), [], 'analysis, rules and fixes never throw');
  const lsp = toLspDiagnostics(result, docs.base);
  const lines = result.lines.lineCount;
  for (const line of [0, lines >> 1, lines - 1]) {
    const position = { line, character: 2 };
    bounded('hover', () => diagnosticHover(result, position, docs));
  }
  for (const d of lsp.filter((x) => x.source === 'mldock').slice(0, 20)) {
    bounded('hover on a finding', () => diagnosticHover(result, d.range.start, docs));
    bounded('code actions', () => codeActionsFor('file:///fuzz/Dockerfile', result, [d]));
  }
  bounded('code actions for all', () => codeActionsFor('file:///fuzz/Dockerfile', result, lsp));
}

function checkFixes(text: string): void {
  const result = lintText(text);
  if (!result.context) return;
  for (const d of result.diagnostics) {
    const rule: AnyRule | undefined = RULES.find((r) => r.id === d.rule);
    if (!rule?.fix || !d.finding) continue;
    const ruleId: string = rule.id;
    const fixes: FixSuggestion[] = rule.fix(d.finding, result.context);
    for (const fix of fixes) {
      const fixed = applyEdits(text, fix.edits);
      const after: LintResult = bounded(`lint after ${rule.id} fix`, () => lintText(fixed));
      assert.deepEqual(ownFailures(after), [], `the document parses after "${fix.title}"`);
      const place = mapSpan(d.span, fix.edits);
      const still: LintDiagnostic[] = after.diagnostics.filter((x) => x.rule === ruleId && x.span.start >= place.start && x.span.start <= place.end);
      assert.deepEqual(still.map((x) => x.span), [], `${rule.id} is gone at ${place.start}–${place.end} after "${fix.title}" in ${JSON.stringify(text.slice(0, 300))}`);
    }
    const once = fixAll(text, rule.id);
    assert.equal(fixAll(once, rule.id), once, `fixing ${rule.id} twice equals fixing it once`);
  }
}

test('analysis, every rule, hover and code actions never throw on generated and mutated Dockerfiles', () => {
  fc.assert(fc.property(anyDockerfile, (text) => checkEverything(text)), { numRuns: 2000, ...SEED });
});

test('every quick-fix yields a document that parses, without that finding there, and fixing is idempotent', () => {
  fc.assert(fc.property(anyDockerfile, (text) => checkFixes(text)), { numRuns: 1000, ...SEED });
});

test('completion and hover of dockerfile-language-service, as the server calls them, stay bounded', () => {
  // The server wraps these (a dependency) in a guard; what must hold is that they finish.
  fc.assert(fc.property(anyDockerfile, fc.nat(), (text, n) => {
    const lines = text.split(/\r\n|\r|\n/);
    const line = n % lines.length;
    const position = { line, character: n % (lines[line]!.length + 1) };
    bounded('completion', () => { try { return service.computeCompletionItems(text, position); } catch { return []; } });
    bounded('hover', () => { try { return service.computeHover(text, position); } catch { return null; } });
  }), { numRuns: 500, ...SEED });
});

test('10,000-line Dockerfiles with random edits: analysed, linted and fixed in bounded time', () => {
  const base = seedDocument(10_000);
  fc.assert(fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('\\\n', '\nRUN pip install torch\n', '"', '<<EOF\n', '\u0000', '# escape=`\n', '')), { maxLength: 4 }), (edits) => {
    let text = base;
    for (const [where, insert] of edits) {
      const at = Math.floor(where * text.length);
      text = text.slice(0, at) + insert + text.slice(at);
    }
    bounded('analysis of 10,000 lines', () => analyzeDocument(text));
    checkEverything(text);
  }), { numRuns: 6, ...SEED });
});
