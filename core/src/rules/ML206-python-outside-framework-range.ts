import { tensorflowRelease } from '../knowledge/tensorflow';
import { torchRelease } from '../knowledge/torch';
import { pythonInRange } from '../knowledge/versions';
import { pythonForInstall } from './mlStage';
import { pipInstalls } from './pipPins';
import { describePin } from './torchPins';
import type { Finding, Rule } from './types';

const TENSORFLOW = new Set(['tensorflow', 'tensorflow-cpu', 'tensorflow-gpu', 'tensorflow-intel']);

/** `FROM python:3.12` + `pip install torch==2.1.0`: torch 2.1 has no Python 3.12 wheels, pip fails. */
export const ML206: Rule = {
  id: 'ML206',
  title: "The image's Python version is outside the pinned framework's supported range",
  defaultSeverity: 'error',
  summary: 'PyTorch and TensorFlow publish wheels for a few Python versions per release. Pinning a release on an image whose Python is outside that range makes pip fail with "No matching distribution found".',
  check({ doc, workspace }) {
    const findings: Finding[] = [];
    for (const install of pipInstalls(doc, workspace)) {
      let python: ReturnType<typeof pythonForInstall> | null = null; // looked up once per install, lazily
      for (const pin of install.pins) {
        const version = pin.requirement.version;
        if (!version) continue;
        const range = pin.name === 'torch' ? torchRelease(version)?.python : TENSORFLOW.has(pin.name) ? tensorflowRelease(version)?.python : undefined;
        if (!range) continue;
        if (python === null) python = pythonForInstall(install);
        if (!python || pythonInRange(python.version, range)) continue;
        const framework = pin.name === 'torch' ? 'torch' : 'TensorFlow';
        findings.push({
          ruleId: 'ML206',
          span: pin.anchor,
          message: `${describePin(pin)}: ${framework} ${version} has wheels for Python ${range[0]}–${range[1]}, but pip runs on Python ${python.version} (${python.source}). pip fails with "No matching distribution found"; use a Python ${range[0]}–${range[1]} image or a ${framework} release that supports ${python.version}.`,
        });
      }
    }
    return findings;
  },
};
