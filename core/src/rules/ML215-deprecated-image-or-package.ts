import { checkCudaTag, cudaTagExists, latestPatch } from '../knowledge/cudaImages';
import { formatCudaTag } from '../knowledge/cudaTags';
import { DEPRECATED_IMAGES, DEPRECATED_PACKAGES } from '../knowledge/deprecations';
import { compareVersions } from '../knowledge/versions';
import { CUDA_IMAGE_NAMES } from './ML301-cuda-tag-exists';
import { locateImageTag } from './imageTag';
import { pipInstalls } from './pipPins';
import type { OffsetEdit } from './types';
import type { Finding, Rule } from './types';

interface Data {
  readonly edit: OffsetEdit | undefined;
  readonly title: string | undefined;
}

/** Unmaintained images, retired nvidia/cuda point releases and removed packages, with their successors. */
export const ML215: Rule<Data> = {
  id: 'ML215',
  title: 'Deprecated or unmaintained image or package',
  defaultSeverity: 'warning',
  summary: 'Unmaintained images get no security fixes and retired nvidia/cuda tags are deleted without notice; removed packages such as tensorflow-gpu no longer install. Move to the maintained successor.',
  check({ doc, workspace }) {
    const findings: Finding<Data>[] = [];
    for (const stage of doc.stages) {
      const image = stage.image;
      if (!image || !stage.imageSpan || image.digest) continue;
      const deprecated = DEPRECATED_IMAGES.get(image.name);
      if (deprecated) {
        const literal = !stage.imageText.includes('$');
        const edit = deprecated.successor && literal ? { start: stage.imageSpan.start, end: stage.imageSpan.end, newText: deprecated.successor } : undefined;
        findings.push({
          ruleId: 'ML215',
          span: stage.imageSpan,
          message: `\`${image.name}\` is ${deprecated.why}.${deprecated.successor ? ` Use \`${deprecated.successor}\` (${deprecated.successorNote}).` : ` ${deprecated.successorNote}.`}`,
          data: { edit, title: edit ? `Use ${deprecated.successor}` : undefined },
        });
        continue;
      }
      if (CUDA_IMAGE_NAMES.has(image.name) && image.tag) {
        const check = checkCudaTag(image.tag);
        if (check.kind !== 'exists' || check.release.status === 'supported') continue;
        const latest = latestPatch(check.tag.version);
        const keepsCudnn = !check.tag.cudnnToken || latest?.cudnn !== undefined;
        const successor = latest && keepsCudnn && compareVersions(latest.version, check.tag.version) > 0 ? formatCudaTag({ ...check.tag, version: latest.version, cudnnToken: check.tag.cudnnToken ? latest.cudnn?.token : undefined }) : undefined;
        const usable = successor && cudaTagExists(successor) ? successor : undefined;
        const location = usable ? locateImageTag(doc, stage) : undefined;
        findings.push({
          ruleId: 'ML215',
          span: stage.imageSpan,
          message: `\`${image.name}:${image.tag}\` is no longer supported by NVIDIA: it gets no CVE rebuilds and NVIDIA deletes such tags without notice (builds then fail with "manifest unknown").${usable ? ` CUDA ${latest!.version} replaces it: \`${usable}\`.` : latest ? ` CUDA ${latest.version} has no ${check.tag.cudnnToken ? 'cuDNN ' : ''}${check.tag.flavor} image for ${check.tag.os}; choose a supported release.` : ''}`,
          data: { edit: location && { start: location.start, end: location.end, newText: `${location.prefix}${usable}` }, title: usable && `Use nvidia/cuda:${usable}` },
        });
      }
    }
    for (const install of pipInstalls(doc, workspace)) {
      for (const pin of install.pins) {
        const deprecated = DEPRECATED_PACKAGES.get(pin.name);
        if (!deprecated) continue;
        const span = pin.wordSpan;
        const raw = span ? doc.text.slice(span.start, span.end) : '';
        const at = raw.search(/tensorflow[-_.]gpu/i);
        const successor = successorFor(pin.requirement.version, pin.requirement.extras);
        const edit = span && at >= 0 ? { start: span.start + at, end: span.start + at + 'tensorflow-gpu'.length, newText: successor } : undefined;
        const where = pin.file ? ` (${pin.file.path}, line ${pin.file.line + 1})` : '';
        findings.push({
          ruleId: 'ML215',
          span: pin.anchor,
          message: `\`${pin.requirement.raw.trim()}\`${where}: ${deprecated.why}. Install \`${successor}\` instead.`,
          data: { edit, title: edit ? `Replace with ${successor}` : undefined },
        });
      }
    }
    return findings;
  },
  fix(finding) {
    const { edit, title } = finding.data ?? { edit: undefined, title: undefined };
    return edit && title ? [{ title, edits: [edit], preferred: true }] : [];
  },
};

/** `tensorflow[and-cuda]` brings CUDA from pip from 2.14 on; older pins keep `tensorflow` (GPU support built in). */
function successorFor(version: string | undefined, extras: readonly string[]): string {
  if (extras.length > 0) return 'tensorflow';
  return version === undefined || compareVersions(version, '2.14.0') >= 0 ? 'tensorflow[and-cuda]' : 'tensorflow';
}
