import { nearestCudaTags } from '../knowledge/cudaImages';
import { cudnnTokenFor } from '../knowledge/cudaTags';
import { tensorflowRelease } from '../knowledge/tensorflow';
import { compareVersions, majorMinor, versionParts } from '../knowledge/versions';
import { stageAncestry } from '../model/stages';
import { stageImage } from './mlStage';
import { pipInstalls } from './pipPins';
import { describePin } from './torchPins';
import type { Finding, Rule } from './types';

const SYSTEM_CUDA_TF = new Set(['tensorflow', 'tensorflow-gpu']);

const suggestions = new Map<string, string | undefined>();

/** The nearest existing image with the release's CUDA and cuDNN (memoised: one search per combination). */
function suggestImage(cuda: string, flavor: 'runtime' | 'devel', os: string | undefined): string | undefined {
  const key = `${cuda}|${flavor}|${os}`;
  if (!suggestions.has(key)) suggestions.set(key, nearestCudaTags({ version: cuda, cudnnToken: cudnnTokenFor(cuda), flavor, ...(os && { os }) }, 1)[0]?.tag);
  return suggestions.get(key);
}

/** `FROM nvidia/cuda:11.8.0-cudnn8-runtime-…` + `tensorflow==2.16.1`: TF looks for CUDA 12 libraries and runs on CPU. */
export const ML310: Rule = {
  id: 'ML310',
  title: "TensorFlow version does not match the base image's CUDA/cuDNN",
  defaultSeverity: 'warning',
  summary: 'A plain `pip install tensorflow` uses the CUDA and cuDNN libraries of the image. When their major versions differ from the ones that TensorFlow release was built with, TensorFlow silently falls back to the CPU ("Could not load dynamic library", "Cannot dlopen some GPU libraries").',
  check({ doc, workspace }) {
    const findings: Finding[] = [];
    const installs = pipInstalls(doc, workspace);
    // A `tensorflow[and-cuda]` install in the stage (or a stage it builds on) brings the CUDA libraries from pip,
    // so a plain `tensorflow` pin there (e.g. from the project's requirements) does not rely on the image's.
    const cudaFromPip = new Set(installs.filter((i) => i.pins.some((p) => SYSTEM_CUDA_TF.has(p.name) && p.requirement.extras.includes('and-cuda'))).map((i) => i.stage));
    for (const install of installs) {
      if (stageAncestry(install.stage).some((s) => cudaFromPip.has(s))) continue;
      const img = stageImage(install.stage);
      const cuda = img?.facts.cuda;
      if (!img || img.facts.family !== 'nvidia-cuda' || !cuda) continue;
      for (const pin of install.pins) {
        if (!SYSTEM_CUDA_TF.has(pin.name) || pin.requirement.extras.includes('and-cuda') || !pin.requirement.version) continue;
        const tf = tensorflowRelease(pin.requirement.version);
        if (!tf) continue;
        const [imageMajor] = versionParts(cuda.version);
        const [tfMajor] = versionParts(tf.cuda);
        const [tfCudnn] = versionParts(tf.cudnn);
        let problem: string | undefined;
        if (imageMajor !== tfMajor) problem = `CUDA ${majorMinor(cuda.version)}`;
        else if (cuda.cudnn === null) problem = 'no cuDNN';
        else if (cuda.cudnn !== undefined && cuda.cudnn !== tfCudnn) problem = `cuDNN ${cuda.cudnn}`;
        if (!problem) continue;
        const os = /-(ubuntu\d\d\.\d\d)$/.exec(img.image.tag ?? '')?.[1];
        const suggestion = suggestImage(tf.cuda, cuda.flavor === 'devel' ? 'devel' : 'runtime', os);
        const andCuda = compareVersions(tf.minor, '2.14') >= 0 ? ' or install `tensorflow[and-cuda]`, which brings matching CUDA libraries from pip' : '';
        findings.push({
          ruleId: 'ML310',
          span: pin.anchor,
          message: `${describePin(pin)}: TensorFlow ${tf.minor} is built for CUDA ${tf.cuda} and cuDNN ${tf.cudnn}, but \`${img.image.raw}\` has ${problem}, so TensorFlow cannot load its GPU libraries and runs on the CPU. Use a matching image${suggestion ? ` such as \`nvidia/cuda:${suggestion}\`` : ''}${andCuda}.`,
        });
      }
    }
    return findings;
  },
};
