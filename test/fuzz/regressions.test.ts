// Inputs the fuzz tests found that once broke our code, kept so they stay fixed.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, lintText, RULES_BY_ID } from '../../core/src';

const OWN_STEPS = (failures: readonly { step: string }[]) => failures.filter((f) => f.step !== 'dockerfile-utils validation');

test('an escaped line break followed by a lone escape (dockerfile-ast getHeredocs throws) costs one instruction, not the analysis', () => {
  const text = 'FROM python:3.12\nRUN pip install torch\nRUN \\\n    \\\\ )\n';
  const result = lintText(text);
  assert.deepEqual(OWN_STEPS(result.failures), []);
  assert.ok(result.doc, 'the document is analysed');
  assert.ok(result.diagnostics.some((d) => d.rule === 'ML201'), 'rules still run on the other instructions');
});

test('converting a shell-form ENTRYPOINT also converts the shell-form CMD it was ignoring (fixing twice equals once)', () => {
  const text = 'CMD \\\n    \n# \\\n    a comment\nENTRYPOINT \u0000';
  const result = lintText(text);
  const finding = result.diagnostics.find((d) => d.rule === 'ML501')!.finding!;
  const [fix] = RULES_BY_ID.get('ML501')!.fix!(finding, result.context!);
  const fixed = applyEdits(text, fix!.edits);
  assert.deepEqual(lintText(fixed).diagnostics.filter((d) => d.rule === 'ML501'), []);
});

test('a comment line that starts an instruction\'s arguments on a continuation line is dropped, as the builder does', () => {
  const text = '# escape=`\nCMD `\n    # `date`';
  const ml501 = lintText(text).diagnostics.filter((d) => d.rule === 'ML501');
  for (const d of ml501) {
    for (const fix of RULES_BY_ID.get('ML501')!.fix!(d.finding!, lintText(text).context!)) {
      assert.ok(!applyEdits(text, fix.edits).includes('#'), 'no fix turns the comment into a command');
    }
  }
});
