import type { Range } from 'vscode-languageserver-types';
import type { AnalyzedDocument, Instruction } from '../model/types';
import { formatBytes } from './format';
import type { HistoryMatch } from './historyMatch';
import type { WasteReport } from './imageLayers';

/**
 * Findings on the Dockerfile lines whose steps hold the top offenders of a waste analysis: the step
 * that adds bytes a later step deletes or overwrites is where the fix goes (delete in the same RUN,
 * or build in another stage). One finding per instruction, naming its largest dead files.
 */
export interface WasteFinding {
  readonly instruction: Instruction;
  /** The instruction's keyword and arguments on its first line. */
  readonly range: Range;
  readonly message: string;
  readonly deadBytes: number;
  /** The steps that delete or overwrite those files, for related information. */
  readonly related: readonly { readonly instruction: Instruction; readonly range: Range; readonly message: string }[];
}

export function wasteFindings(report: WasteReport, match: HistoryMatch, doc: AnalyzedDocument, options: { top?: number } = {}): WasteFinding[] {
  const top = report.inefficientFiles.filter((f) => f.reclaimableBytes > 0).slice(0, options.top ?? 10);
  const topPaths = new Set(top.map((f) => f.path));
  const findings: WasteFinding[] = [];
  for (const layer of report.layers) {
    const instruction = match.byRow.get(layer.row);
    if (!instruction) continue;
    const paths = layer.deadPaths.filter((p) => topPaths.has(p.path));
    if (paths.length === 0) continue;
    const bytes = paths.reduce((s, p) => s + p.size, 0);
    const lineOf = (row: number | undefined) => {
      const i = row === undefined ? undefined : match.byRow.get(row);
      return i ? `line ${i.startLine + 1}` : row === undefined ? undefined : `step #${row}`;
    };
    const listed = paths.slice(0, 3).map((p) => {
      const by = p.removedInRow !== undefined ? `deleted by ${lineOf(p.removedInRow)}` : p.overwrittenInRow !== undefined ? `overwritten by ${lineOf(p.overwrittenInRow)}` : '';
      return `${p.path} (${formatBytes(p.size)}${by ? `, ${by}` : ''})`;
    });
    const more = paths.length > 3 ? ` and ${paths.length - 3} more` : '';
    const deletes = paths.some((p) => p.removedInRow !== undefined);
    const advice = instruction.keyword === 'RUN'
      ? deletes ? 'Delete them in this same RUN (or use a cache mount) so they never reach a layer.' : 'Write the final version in one step.'
      : 'Copy only what the image keeps, or build it in another stage and COPY --from the result.';
    const related = new Map<number, { instruction: Instruction; range: Range; message: string }>();
    for (const p of paths) {
      const row = p.removedInRow ?? p.overwrittenInRow;
      const other = row === undefined ? undefined : match.byRow.get(row);
      if (!other || related.has(other.index)) continue;
      related.set(other.index, { instruction: other, range: firstLine(other, doc), message: p.removedInRow !== undefined ? `deletes ${p.path}, but the bytes stay in the earlier layer` : `overwrites ${p.path}` });
    }
    findings.push({
      instruction,
      range: firstLine(instruction, doc),
      deadBytes: bytes,
      message: `This step adds ${formatBytes(bytes)} that later steps delete or overwrite: ${listed.join(', ')}${more}. ${advice}`,
      related: [...related.values()],
    });
  }
  return findings.sort((a, b) => b.deadBytes - a.deadBytes);
}

function firstLine(instruction: Instruction, doc: AnalyzedDocument): Range {
  const start = doc.lines.positionAt(instruction.start);
  const endOffset = Math.min(instruction.end, doc.lines.lineEnd(instruction.startLine));
  return { start, end: doc.lines.positionAt(Math.max(endOffset, instruction.start)) };
}
