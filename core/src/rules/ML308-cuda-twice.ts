import { cudaTagExists } from '../knowledge/cudaImages';
import { majorMinor } from '../knowledge/versions';
import { finalImageStages } from './helpers';
import { stageImage } from './mlStage';
import { pipInstalls, type PipPin } from './pipPins';
import { describePin, releaseOfPin, variantOfPin } from './torchPins';
import type { AnalyzedDocument } from '../model/types';
import type { Finding, Rule } from './types';

/** `FROM nvidia/cuda:12.4.1-cudnn-runtime-…` + `pip install torch`: CUDA and cuDNN end up in the image twice. */
export const ML308: Rule = {
  id: 'ML308',
  title: '`nvidia/cuda` base plus pip CUDA wheels that bundle their own CUDA runtime',
  defaultSeverity: 'info',
  summary: 'PyTorch, `tensorflow[and-cuda]` and `jax[cuda12]` install their own CUDA and cuDNN as pip wheels (≈ 3 GB). On an nvidia/cuda runtime or devel image that already has CUDA, the image carries both copies; only the host driver is needed from outside.',
  check({ doc, workspace }) {
    const findings: Finding[] = [];
    const finalStages = new Set(finalImageStages(doc));
    for (const install of pipInstalls(doc, workspace)) {
      if (!finalStages.has(install.stage)) continue;
      const img = stageImage(install.stage);
      const cuda = img?.facts.cuda;
      if (!img || img.facts.family !== 'nvidia-cuda' || !cuda || cuda.flavor === 'base') continue;
      const pin = install.pins.find((p) => bundlesCuda(doc, p));
      if (!pin) continue;
      const base = `${cuda.version}-base-${img.image.tag?.split('-').at(-1) ?? ''}`;
      const alternative = cudaTagExists(base) ? `\`nvidia/cuda:${base}\` or a slim Python image` : 'an `nvidia/cuda` base image or a slim Python image';
      findings.push({
        ruleId: 'ML308',
        span: pin.anchor,
        message: `${describePin(pin)} brings its own CUDA${cuda.cudnn ? ' and cuDNN' : ''} as pip wheels (≈ 3 GB), and \`${img.image.raw}\` already contains CUDA ${majorMinor(cuda.version)}${cuda.cudnn ? ` with cuDNN ${cuda.cudnn}` : ''}: the image carries CUDA twice. The wheels need only the host driver, so ${alternative} is enough.`,
      });
    }
    return findings;
  },
};

function bundlesCuda(doc: AnalyzedDocument, pin: PipPin): boolean {
  if (pin.name === 'torch') {
    const variant = variantOfPin(doc, pin, releaseOfPin(pin));
    // Unpinned torch from PyPI is a CUDA build on Linux x86_64 too.
    return variant ? variant.variant.startsWith('cu') : !pin.install.torchIndex;
  }
  if (pin.name === 'tensorflow') return pin.requirement.extras.includes('and-cuda');
  if (pin.name === 'jax') return pin.requirement.extras.some((e) => /^cuda1\d$/.test(e));
  return /^nvidia-[a-z-]+-cu1\d$/.test(pin.name);
}
