import { ValidationCode } from 'dockerfile-utils';
import { pseudoBlocks, PSEUDO_KEYWORDS, rewriteBlock } from './support/pseudoControlFlow';
import type { Finding, Rule } from './types';

interface Data {
  /** Present on a block's opening line when the whole block can be rewritten as one RUN. */
  readonly rewrite?: { readonly start: number; readonly end: number; readonly text: string };
}

/**
 * `IF`/`ELSE`/`DONE` lines look like control flow but the builder rejects them ("unknown
 * instruction"). The equivalent is a shell conditional inside RUN, driven by an ARG.
 */
export const ML001: Rule<Data> = {
  id: 'ML001',
  title: 'Pseudo control flow (`IF`/`ELSE`/`ENDIF`/`FI`/`DONE`/`FOR`) is not Dockerfile syntax',
  defaultSeverity: 'error',
  summary: 'Dockerfiles have no IF/ELSE/FOR instructions: the build stops with "unknown instruction". Put the condition in a shell `if` inside RUN, driven by an ARG, or select a stage with an ARG.',
  supersedesSyntax: [ValidationCode.UNKNOWN_INSTRUCTION],
  check({ doc }) {
    const rewrites = new Map<number, Data['rewrite']>();
    for (const block of pseudoBlocks(doc)) {
      const text = rewriteBlock(doc, block);
      if (text) rewrites.set(block.opener.index, { start: block.opener.start, end: block.closer.end, text });
    }
    const findings: Finding<Data>[] = [];
    for (const instruction of doc.instructions) {
      if (!PSEUDO_KEYWORDS.has(instruction.keyword)) continue;
      const rewrite = rewrites.get(instruction.index);
      findings.push({
        ruleId: 'ML001',
        span: instruction.keywordSpan,
        message: `\`${instruction.keyword}\` is not a Dockerfile instruction (the builder stops with "unknown instruction"). Dockerfiles have no control flow: use a shell \`if\`/\`for\` inside RUN driven by an ARG, or pick a stage with \`FROM base-\${VARIANT}\`.`,
        ...(rewrite && { data: { rewrite } }),
      });
    }
    return findings;
  },
  fix(finding) {
    const rewrite = finding.data?.rewrite;
    if (!rewrite) return [];
    return [{ title: 'Rewrite the block as a RUN shell conditional', edits: [{ start: rewrite.start, end: rewrite.end, newText: rewrite.text }], preferred: true }];
  },
};
