import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsWorkspace, lintText } from '../../core/src';
import { renderSeedFindings, SEED_FINDINGS_DOC } from '../../scripts/seedFindings';
import { ROOT, SEEDS } from '../helpers/paths';

test('docs/seed-findings.md is up to date (regenerate with `npm run seed-findings`)', () => {
  const current = fs.readFileSync(path.join(ROOT, SEED_FINDINGS_DOC), 'utf8');
  assert.equal(current, renderSeedFindings(ROOT).markdown, 'docs/seed-findings.md is stale: run `npm run seed-findings`');
});

/** The defects the seeds were collected for, and where they are. */
const KNOWN_DEFECTS: Record<string, string[]> = {
  'seed000-01': ['ML209@7', 'ML211@8', 'ML210@10'],
  'seed000-03': ['ML213@17'],
  'seed001-07': ['ML001@3', 'ML001@6', 'ML001@8'],
  'seed001-08': ['ML001@20', 'ML001@23', 'ML001@25'],
  'seed004-15': ['ML105@6'],
  'seed004-17': ['ML102@3', 'ML104@4', 'ML103@7'],
  'seed004-23': ['ML102@1', 'ML104@2', 'ML103@3'],
  'seed004-26': ['ML214@66'],
  'seed004-34': ['ML212@7'],
  'seed004-37': ['ML212@6'],
  'seed004-40': ['ML212@7', 'ML212@32'],
  'seed004-42': ['ML212@8'],
  'seed004-49': ['ML002@63'],
};

test('the seed Dockerfiles\' known defects are reported where they are', () => {
  for (const [seed, expected] of Object.entries(KNOWN_DEFECTS)) {
    const file = `${seed}.Dockerfile`;
    const result = lintText(fs.readFileSync(path.join(SEEDS, file), 'utf8'), { workspace: fsWorkspace(SEEDS, file) });
    const found = result.diagnostics.map((d) => `${d.rule}@${result.lines.positionAt(d.span.start).line + 1}`);
    for (const key of expected) assert.ok(found.includes(key), `${seed}: expected ${key}, got ${found.join(', ')}`);
    if (expected.some((k) => k.startsWith('ML001'))) {
      assert.ok(!found.some((f) => f.startsWith('dockerfile-utils/UNKNOWN_INSTRUCTION')), `${seed}: ML001 supersedes "Unknown instruction", so it is reported once`);
    }
  }
});
