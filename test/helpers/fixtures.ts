import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, fsWorkspace, lintText, mergeSettings, type LintOptions, type LintResult, type OffsetEdit } from '../../core/src';
import { RULES_BY_ID } from '../../core/src/rules/registry';

export interface RuleFixture {
  readonly ruleId: string;
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly kind: 'bad' | 'good';
  /** 1-based lines where the rule must fire (bad fixtures), from a `# expect: ID@3,7` comment. */
  readonly expectedLines: readonly number[] | undefined;
  /** Expected text after applying the rule's preferred fixes (`*.fixed.Dockerfile`). */
  readonly fixed: string | undefined;
  /** From `# test-settings: {json}` (a settings layer), and the build context: `# test-context: DIR` or `<name>.context/`. */
  readonly options: LintOptions;
}

/** Lint options a fixture asks for in its header comments, or through a `<name>.context/` folder next to it. */
export function fixtureOptions(text: string, file: string): LintOptions {
  const settings = /^# test-settings: (.+)$/m.exec(text)?.[1];
  const context = /^# test-context: (.+)$/m.exec(text)?.[1];
  const name = path.basename(file);
  const sibling = file.replace(/\.Dockerfile$/, '.context');
  const contextDir = context ? path.resolve(path.dirname(file), context.trim()) : fs.existsSync(sibling) ? sibling : undefined;
  return {
    ...(settings && { settings: mergeSettings(JSON.parse(settings)) }),
    ...(contextDir && { workspace: fsWorkspace(contextDir, name) }),
  };
}

export function loadRuleFixtures(dir: string): RuleFixture[] {
  const fixtures: RuleFixture[] = [];
  for (const ruleId of fs.readdirSync(dir).sort()) {
    const ruleDir = path.join(dir, ruleId);
    for (const name of fs.readdirSync(ruleDir).sort()) {
      if (!name.endsWith('.Dockerfile') || name.endsWith('.fixed.Dockerfile')) continue;
      const file = path.join(ruleDir, name);
      const text = fs.readFileSync(file, 'utf8');
      const expect = new RegExp(`^# expect: ${ruleId}@([\\d,]+)`, 'm').exec(text);
      const fixedFile = file.replace(/\.Dockerfile$/, '.fixed.Dockerfile');
      fixtures.push({
        ruleId,
        name,
        file,
        text,
        kind: name.startsWith('bad') ? 'bad' : 'good',
        expectedLines: expect ? expect[1]!.split(',').map(Number) : undefined,
        fixed: fs.existsSync(fixedFile) ? fs.readFileSync(fixedFile, 'utf8') : undefined,
        options: fixtureOptions(text, file),
      });
    }
  }
  return fixtures;
}

export function linesOf(result: LintResult, ruleId: string): number[] {
  return result.diagnostics.filter((d) => d.rule === ruleId).map((d) => result.lines.positionAt(d.span.start).line + 1);
}

/** Applies the preferred fix of every finding of `ruleId`, as a user accepting each quick-fix would. */
export function applyRuleFixes(text: string, ruleId: string, options: LintOptions = {}): string {
  const result = lintText(text, options);
  const rule = RULES_BY_ID.get(ruleId)!;
  const edits: OffsetEdit[] = [];
  for (const d of result.diagnostics) {
    if (d.rule !== ruleId || !d.finding) continue;
    const fixes = rule.fix?.(d.finding, result.context!) ?? [];
    const chosen = fixes.find((f) => f.preferred) ?? fixes[0];
    if (chosen) edits.push(...chosen.edits);
  }
  return applyEdits(text, edits);
}
