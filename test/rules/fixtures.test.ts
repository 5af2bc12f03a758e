import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { lintText, RULES } from '../../core/src';
import { applyRuleFixes, linesOf, loadRuleFixtures } from '../helpers/fixtures';
import { FIXTURES } from '../helpers/paths';

const fixtures = loadRuleFixtures(path.join(FIXTURES, 'rules'));

describe('rule fixtures', () => {
  for (const f of fixtures) {
    test(`${f.ruleId} ${f.name}`, () => {
      const result = lintText(f.text, f.options);
      assert.deepEqual(result.failures, [], 'no analysis step may fail on a fixture');
      const lines = linesOf(result, f.ruleId);
      if (f.kind === 'good') {
        assert.deepEqual(lines, [], `${f.ruleId} must stay silent on ${f.name}`);
        return;
      }
      assert.ok(f.expectedLines, `${f.name} needs a "# expect: ${f.ruleId}@<lines>" comment`);
      assert.deepEqual(lines, f.expectedLines, `${f.ruleId} fires on the expected lines of ${f.name}`);
      if (f.fixed !== undefined) {
        const fixed = applyRuleFixes(f.text, f.ruleId, f.options);
        assert.equal(fixed, f.fixed, 'applying the quick-fixes gives the expected file');
        assert.deepEqual(linesOf(lintText(fixed, f.options), f.ruleId), [], 'the fixed file no longer has the finding');
        assert.equal(applyRuleFixes(fixed, f.ruleId, f.options), fixed, 'fixing twice equals fixing once');
      }
    });
  }
});

describe('rule catalogue coverage', () => {
  for (const rule of RULES) {
    test(`${rule.id} has bad and good fixtures${rule.fix ? ' and a fixed expectation' : ''}`, () => {
      const own = fixtures.filter((f) => f.ruleId === rule.id);
      assert.ok(own.some((f) => f.kind === 'bad'), 'at least one bad fixture');
      assert.ok(own.some((f) => f.kind === 'good'), 'at least one good fixture');
      if (rule.fix) assert.ok(own.some((f) => f.fixed !== undefined), 'at least one .fixed.Dockerfile');
    });
  }
});
