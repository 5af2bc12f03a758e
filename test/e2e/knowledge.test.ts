// The ML knowledge in the editor: hovering a CUDA base image decodes its tag (scenario 2).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { e2eSession, SCENARIO_TIMEOUT, skipReason } from './harness/session';

const FROM_LINE = 'FROM nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04';

describe('MLDock in VS Code: what a CUDA base image tag means', { skip: skipReason() }, () => {
  const session = e2eSession('knowledge', 'cuda-training');

  it('hovering FROM nvidia/cuda:… shows the decoded tag: CUDA, cuDNN, flavor, OS and the minimum driver', { timeout: SCENARIO_TIMEOUT }, () =>
    session.scenario('hover-cuda-tag', async (wb) => {
      await wb.openFile('Dockerfile');
      await wb.problems(['ML501']); // the language server is up and has analysed the file
      const hover = await wb.hover(FROM_LINE, 'nvidia', /Minimum host driver/);
      await wb.screenshot('hover-cuda-tag');

      const text = (await hover.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /nvidia\/cuda:11\.8\.0-cudnn8-runtime-ubuntu22\.04/);
      assert.match(text, /CUDA 11\.8\.0 · cuDNN 8 · flavor runtime/, `the hover decodes the tag: ${text}`);
      assert.match(text, /OS: Ubuntu 22\.04/);
      // The driver floor is NVIDIA's published minimum for CUDA 11.8 (../shared/knowledge/ml_compat.md).
      assert.match(text, /Minimum host driver for CUDA 11\.8: ≥ 520\.61\.05 \(Linux\)/);
      assert.match(text, /PyTorch wheels built for this CUDA: cu118/);
    }));
});
