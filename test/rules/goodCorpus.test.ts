import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsWorkspace, lintText, RULES } from '../../core/src';
import { FIXTURES } from '../helpers/paths';

// Realistic, well-written ML Dockerfiles. Every registered rule (and dockerfile-utils) must stay at
// most informational on them: a false positive here costs more trust than a missed finding.
const GOOD = path.join(FIXTURES, 'good');
const files = fs.readdirSync(GOOD).filter((f) => f.endsWith('.Dockerfile')).sort();

test('the good corpus covers the patterns ML engineers rely on', () => {
  assert.ok(files.length >= 6, `expected at least 6 good Dockerfiles, found ${files.length}`);
  const all = files.map((f) => fs.readFileSync(path.join(GOOD, f), 'utf8')).join('\n');
  for (const pattern of [/COPY --from=\S+ \/opt\/venv/, /--mount=type=cache/, /--mount=type=secret/, /PIP_NO_CACHE_DIR/, /mambaorg\/micromamba/, /jupyter\//, /nvidia\/cuda:.*devel[\s\S]*nvidia\/cuda:.*runtime/]) {
    assert.match(all, pattern);
  }
});

for (const file of files) {
  test(`no warning or error on good/${file}`, () => {
    const text = fs.readFileSync(path.join(GOOD, file), 'utf8');
    const result = lintText(text, { workspace: fsWorkspace(GOOD, file), rules: RULES });
    assert.deepEqual(result.failures, [], 'no analysis step may fail');
    const problems = result.diagnostics
      .filter((d) => d.severity !== 'info')
      .map((d) => `${result.lines.positionAt(d.span.start).line + 1}: ${d.rule} ${d.message}`);
    assert.deepEqual(problems, []);
  });
}
