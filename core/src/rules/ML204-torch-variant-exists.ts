import { hasVariant, nearestVariant } from '../knowledge/torch';
import { cudaOfVariant } from '../knowledge/versions';
import { stageCuda } from './mlStage';
import { pipInstalls } from './pipPins';
import { TORCH_FAMILY, describePin, releaseOfPin, variantOfPin } from './torchPins';
import type { Finding, OffsetEdit, Rule } from './types';

interface Data {
  readonly variant: string;
  readonly edit: OffsetEdit | undefined;
}

/** `torch==2.1.0+cu124`: no such wheel was ever published, so pip fails. */
export const ML204: Rule<Data> = {
  id: 'ML204',
  title: 'torch version + CUDA variant with no published wheel',
  defaultSeverity: 'error',
  summary: 'Each PyTorch release publishes wheels for only two to four CUDA versions. A `+cuXXX` pin or a /whl/cuXXX index that the release never had makes pip fail with "No matching distribution found".',
  check({ doc, workspace }) {
    const findings: Finding<Data>[] = [];
    for (const install of pipInstalls(doc, workspace)) {
      for (const pin of install.pins) {
        if (!TORCH_FAMILY.has(pin.name)) continue;
        const release = releaseOfPin(pin);
        if (!release) continue;
        const pinned = variantOfPin(doc, pin, release);
        if (!pinned || pinned.source === 'pypi' || hasVariant(release, pinned.variant) !== false) continue;
        const cuda = cudaOfVariant(pinned.variant) ?? stageCuda(install.stage)?.version ?? release.pypiCuda;
        const nearest = nearestVariant(release, cuda)!;
        const where = pinned.source === 'local' ? describePin(pin) : `${describePin(pin)} from ${install.torchIndex!.url}`;
        findings.push({
          ruleId: 'ML204',
          span: pinned.source === 'index' && pinned.span ? pinned.span : pin.anchor,
          message: `${where}: torch ${release.version} has no ${pinned.variant} wheels (published: ${release.variants.join(', ')}, cpu), so pip fails with "No matching distribution found". The nearest is ${nearest}.`,
          data: { variant: nearest, edit: pinned.span && { start: pinned.span.start, end: pinned.span.end, newText: nearest } },
        });
      }
    }
    return dedupeBySpan(findings);
  },
  fix(finding) {
    const data = finding.data;
    return data?.edit ? [{ title: `Use the ${data.variant} wheels`, edits: [data.edit], preferred: true }] : [];
  },
};

/** One index URL serves torch, torchvision and torchaudio: report it once. */
function dedupeBySpan<T>(findings: Finding<T>[]): Finding<T>[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.span.start}:${f.span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
