import { checkCudaTag, nearestCudaTags } from '../knowledge/cudaImages';
import { decodeCudaTag, type CudaTag } from '../knowledge/cudaTags';
import { locateImageTag, type TagLocation } from './imageTag';
import type { Finding, Rule } from './types';

interface Data {
  readonly location: TagLocation | undefined;
  readonly suggestions: readonly string[];
}

export const CUDA_IMAGE_NAMES: ReadonlySet<string> = new Set(['nvidia/cuda', 'nvcr.io/nvidia/cuda']);

/** `FROM nvidia/cuda:12.4.1-cudnn9-runtime-ubuntu22.04`: the pull fails with "manifest unknown". */
export const ML301: Rule<Data> = {
  id: 'ML301',
  title: '`nvidia/cuda` tag that does not exist',
  defaultSeverity: 'error',
  summary: 'The nvidia/cuda tag grammar changed over time (cudnn8 → cudnn9 → cudnn, OS per CUDA release) and NVIDIA deletes old point releases, so many tags copied from tutorials no longer exist: the build fails with "manifest unknown".',
  check({ doc }) {
    const findings: Finding<Data>[] = [];
    for (const stage of doc.stages) {
      const image = stage.image;
      if (!image || !CUDA_IMAGE_NAMES.has(image.name) || image.digest || !stage.imageSpan) continue;
      if (image.tag === undefined || image.tag === 'latest') continue; // ML106 asks for a tag
      const check = checkCudaTag(image.tag);
      if (check.kind === 'exists' || check.kind === 'unknown') continue;
      const decoded = decodeCudaTag(image.tag);
      const wanted: Partial<CudaTag> = 'tag' in decoded ? decoded.tag : looseParts(image.tag);
      const suggestions = nearestCudaTags(wanted).map((t) => t.tag);
      const verb = check.kind === 'removed' ? 'was removed' : 'does not exist';
      findings.push({
        ruleId: 'ML301',
        span: stage.imageSpan,
        message: `\`${image.name}:${image.tag}\` ${verb}: ${check.reason}. The pull fails with "manifest unknown".${suggestions.length ? ` Nearest existing tag${suggestions.length > 1 ? 's' : ''}: ${suggestions.map((s) => `\`${s}\``).join(', ')}.` : ''}`,
        data: { location: locateImageTag(doc, stage), suggestions },
      });
    }
    return findings;
  },
  fix(finding) {
    const { location, suggestions } = finding.data ?? { location: undefined, suggestions: [] };
    if (!location) return [];
    return suggestions.map((tag, i) => ({
      title: `Use nvidia/cuda:${tag}`,
      edits: [{ start: location.start, end: location.end, newText: `${location.prefix}${tag}` }],
      preferred: i === 0,
    }));
  },
};

/** Best-effort parts of a tag that does not decode (`12.4.1-cudnn-dev-ubuntu22.04`), for suggestions. */
function looseParts(tag: string): Partial<CudaTag> {
  const version = /^\d+\.\d+(?:\.\d+)?/.exec(tag)?.[0];
  const os = /(ubuntu\d\d\.\d\d|ubi\d+|rockylinux\d+)/.exec(tag)?.[1];
  const flavor = /devel|dev\b/.test(tag) ? 'devel' : /runtime|rt\b/.test(tag) ? 'runtime' : /base/.test(tag) ? 'base' : undefined;
  const cudnnToken = /cudnn\d*/.exec(tag)?.[0];
  return { ...(version && { version }), ...(os && { os }), ...(flavor && { flavor }), ...(cudnnToken && { cudnnToken }) };
}
