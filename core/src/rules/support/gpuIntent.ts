import type { AnalyzedDocument, Stage } from '../../model/types';
import { baseImageFacts } from '../../knowledge/baseImages';
import { rootImage } from '../helpers';

/**
 * Whether the Dockerfile shows any sign of targeting GPUs: a CUDA/ROCm base image, a CUDA wheel
 * index or variant, GPU extras, NVIDIA environment, or just the words. Deliberately generous:
 * rules that assume "CPU only" must stay silent whenever a GPU might be meant.
 */
export function hasGpuIntent(doc: AnalyzedDocument): boolean {
  if (/cuda|gpu|nvidia|rocm|cudnn|\bcu1\d\d\b/i.test(doc.text)) return true;
  return doc.stages.some((s) => rootImage(s)?.name.startsWith('nvcr.io/') ?? false);
}

/** True when the stage's base image is known and is not a CUDA image. */
export function onKnownCpuBase(stage: Stage): boolean {
  const image = rootImage(stage);
  if (!image) return false;
  const facts = baseImageFacts(image);
  if (!facts || facts.family === 'nvidia-cuda') return false;
  return !/cuda|gpu|rocm/i.test(image.tag ?? '');
}
