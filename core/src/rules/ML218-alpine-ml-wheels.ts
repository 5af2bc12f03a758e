import { stageImage } from './mlStage';
import { pipInstalls } from './pipPins';
import { describePin } from './torchPins';
import type { Finding, Rule } from './types';

/** Frameworks that publish manylinux (glibc) wheels only: no musllinux wheels and no workable source build. */
const GLIBC_ONLY = new Set([
  'torch', 'torchvision', 'torchaudio', 'tensorflow', 'tensorflow-cpu', 'tensorflow-gpu', 'tf-nightly', 'jax', 'jaxlib',
  'onnxruntime', 'onnxruntime-gpu', 'triton', 'xformers', 'flash-attn', 'bitsandbytes', 'vllm', 'deepspeed', 'paddlepaddle',
  'mxnet', 'tensorrt',
]);

/** `FROM python:3.12-alpine` + `pip install torch`: there are no musl wheels, so pip fails. */
export const ML218: Rule = {
  id: 'ML218',
  title: 'Alpine (musl) base with ML wheels that have no musl builds',
  defaultSeverity: 'error',
  summary: 'PyTorch, TensorFlow, JAX and most GPU libraries publish only manylinux (glibc) wheels. On Alpine (musl libc) pip finds no wheel and cannot build one, so the install fails — use a Debian/Ubuntu slim image instead.',
  check({ doc, workspace }) {
    const findings: Finding[] = [];
    for (const install of pipInstalls(doc, workspace)) {
      const img = stageImage(install.stage);
      if (img?.facts.libc !== 'musl') continue;
      for (const pin of install.pins) {
        if (!GLIBC_ONLY.has(pin.name)) continue;
        findings.push({
          ruleId: 'ML218',
          span: pin.anchor,
          message: `${describePin(pin)}: ${pin.name} publishes only glibc (manylinux) wheels, and \`${img.image.raw}\` uses musl libc, so pip fails with "No matching distribution found". Use a glibc base such as \`python:3.12-slim\`.`,
        });
      }
    }
    return findings;
  },
};
