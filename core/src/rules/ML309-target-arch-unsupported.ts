import { archLabel, archRuns, parseArch } from '../knowledge/gpuArch';
import { torchArchs, torchRelease, type TorchRelease } from '../knowledge/torch';
import { decodePytorchTag } from '../knowledge/frameworkImages';
import { finalImageStages } from './helpers';
import { stageImage } from './mlStage';
import { pipInstalls } from './pipPins';
import { describePin, variantOfPin } from './torchPins';
import type { Finding, Rule } from './types';

/**
 * `mldock.gpu.targetArchitectures: [sm_120]` + `torch==2.6.0+cu124`: the wheel has no kernels for the
 * GPU ("no kernel image is available for execution on the device").
 */
export const ML309: Rule = {
  id: 'ML309',
  title: 'The configured target GPU architecture is not supported by the pinned torch/CUDA',
  defaultSeverity: 'warning',
  summary: 'Each PyTorch CUDA build contains kernels for a fixed list of GPU architectures: Blackwell (sm_100, sm_120) needs a CUDA 12.8+ build, and CUDA 12.8+/13 builds dropped Maxwell, Pascal and (from 2.11) Volta. On other GPUs torch fails with "no kernel image is available for execution on the device".',
  check({ doc, settings, workspace }) {
    const targets = settings.gpu.targetArchitectures.map((a) => parseArch(a)).filter((a): a is string => a !== undefined);
    if (targets.length === 0) return [];
    const findings: Finding[] = [];
    const finalStages = new Set(finalImageStages(doc));
    const unsupported = (release: TorchRelease, variant: string): { missing: string[]; better: string | undefined } | undefined => {
      const support = torchArchs(release, variant);
      if (!support) return undefined;
      const missing = targets.filter((t) => !archRuns(t, support.archs, support.ptx));
      if (missing.length === 0) return undefined;
      const better = [...release.variants].reverse().find((v) => {
        const s = torchArchs(release, v);
        return s && targets.every((t) => archRuns(t, s.archs, s.ptx));
      });
      return { missing, better };
    };
    for (const install of pipInstalls(doc, workspace)) {
      if (!finalStages.has(install.stage)) continue;
      for (const pin of install.pins) {
        if (pin.name !== 'torch' || !pin.requirement.version) continue;
        const release = torchRelease(pin.requirement.version);
        const pinned = release && variantOfPin(doc, pin, release);
        if (!release || !pinned || !pinned.variant.startsWith('cu')) continue;
        const problem = unsupported(release, pinned.variant);
        if (!problem) continue;
        findings.push({
          ruleId: 'ML309',
          span: pin.anchor,
          message: `${describePin(pin)} installs the ${pinned.variant} build${pinned.source === 'pypi' ? ' (PyPI default)' : ''}, which has no kernels for ${problem.missing.map(archLabel).join(', ')} (mldock.gpu.targetArchitectures): torch fails with "no kernel image is available for execution on the device".${problem.better ? ` torch ${release.version}+${problem.better} supports ${targets.length > 1 ? 'all targets' : 'it'}.` : ` No torch ${release.version} build supports ${targets.length > 1 ? 'all targets' : 'it'}; choose another release.`}`,
        });
      }
    }
    const final = doc.finalStage ? stageImage(doc.finalStage) : undefined;
    const tag = final?.image.name === 'pytorch/pytorch' && final.image.tag ? decodePytorchTag(final.image.tag) : undefined;
    const release = tag && torchRelease(tag.torch);
    const problem = release && unsupported(release, `cu${tag.cuda.replace('.', '')}`);
    if (final && problem) {
      findings.push({
        ruleId: 'ML309',
        span: doc.stages[final.from.stageIndex]?.imageSpan ?? final.from.keywordSpan,
        message: `\`${final.image.raw}\` is the CUDA ${tag!.cuda} build of torch ${release!.version}, which has no kernels for ${problem.missing.map(archLabel).join(', ')} (mldock.gpu.targetArchitectures).${problem.better ? ` Use the ${problem.better} build instead.` : ' No image of this release supports it; choose a newer torch release.'}`,
      });
    }
    return findings;
  },
};
