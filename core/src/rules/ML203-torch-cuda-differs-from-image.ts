import { hasVariant } from '../knowledge/torch';
import { cudaOfVariant, majorMinor, variantOfCuda } from '../knowledge/versions';
import { stageImage } from './mlStage';
import { pipInstalls, type PipPin } from './pipPins';
import type { AnalyzedDocument, Span } from '../model/types';
import { TORCH_FAMILY, describePin, localLabelSpan, releaseOfPin, variantOfPin } from './torchPins';
import type { Finding, OffsetEdit, Rule } from './types';

interface Data {
  readonly variant: string;
  readonly edits: readonly OffsetEdit[];
}

/** `FROM nvidia/cuda:12.4.1-…` + `torch==2.4.0+cu118`: two CUDA versions, extension builds fail. */
export const ML203: Rule<Data> = {
  id: 'ML203',
  title: "torch CUDA variant differs from the base image's CUDA version",
  defaultSeverity: 'warning',
  summary: "A torch wheel built for another CUDA than the base image's brings a second CUDA runtime (gigabytes), needs the driver of the newer one, and makes CUDA extension builds fail (\"The detected CUDA version mismatches the version that was used to compile PyTorch\").",
  check({ doc, workspace }) {
    const findings: Finding<Data>[] = [];
    for (const install of pipInstalls(doc, workspace)) {
      const img = stageImage(install.stage);
      const imageCuda = img?.facts.family === 'nvidia-cuda' ? img.facts.cuda?.version : undefined;
      if (!img || !imageCuda) continue;
      const imageMinor = majorMinor(imageCuda)!;
      const reported = new Set<string>();
      for (const pin of install.pins) {
        if (pin.name !== 'torch') continue;
        const release = releaseOfPin(pin);
        const pinned = variantOfPin(doc, pin, release);
        if (!pinned || pinned.source === 'pypi') continue;
        const pinnedCuda = cudaOfVariant(pinned.variant);
        if (!pinnedCuda || pinnedCuda === imageMinor || reported.has(pinned.variant)) continue;
        reported.add(pinned.variant);
        const target = variantOfCuda(imageMinor)!;
        const available = release ? hasVariant(release, target) === true : false;
        const edits = available ? variantEdits(doc, install.pins, pinned.variant, target, pinned.source === 'index' ? pinned.span : undefined) : [];
        findings.push({
          ruleId: 'ML203',
          span: pinned.source === 'index' && pinned.span ? pinned.span : pin.anchor,
          message: `${describePin(pin)} installs the CUDA ${pinnedCuda} build of torch, but \`${img.image.raw}\` has CUDA ${imageMinor}. The image then carries two CUDA versions, needs the driver of the newer one, and compiling CUDA extensions fails on the version mismatch.${available ? ` torch ${release!.version} has ${target} wheels.` : release ? ` torch ${release.version} publishes ${release.variants.join(', ')}: pick a base image with one of those CUDA versions.` : ''}`,
          data: { variant: target, edits },
        });
      }
    }
    return findings;
  },
  fix(finding) {
    const data = finding.data;
    return data && data.edits.length > 0 ? [{ title: `Use the ${data.variant} wheels (the image's CUDA)`, edits: data.edits, preferred: true }] : [];
  },
};

/** Rewrites every `+cuXXX` of the torch family in the install (and the index URL) to the image's variant. */
function variantEdits(doc: AnalyzedDocument, pins: readonly PipPin[], from: string, to: string, indexSpan: Span | undefined): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  if (indexSpan) edits.push({ ...indexSpan, newText: to });
  for (const pin of pins) {
    if (!TORCH_FAMILY.has(pin.name) || pin.requirement.local !== from) continue;
    const span = localLabelSpan(doc, pin);
    if (span) edits.push({ ...span, newText: to });
  }
  return edits;
}
