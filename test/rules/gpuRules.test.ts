import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintText, RULES_BY_ID, type LintOptions, type WorkspaceView } from '../../core/src';
import { driverPackage } from '../../core/src/knowledge/nvidiaDriverPackages';
import { pythonGpuCheck } from '../../core/src/rules/support/gpuChecks';
import { recogniseRpm } from '../../core/src/parse/commands/rpm';
import { parseShellCommands, resolveProgram } from '../../core/src/parse/shellCommands';

// Behaviour of ML302/ML304/ML305/ML306 beyond what the fixture format expresses: which quick-fixes
// are offered, build targets, workspaces, and the knowledge tables the rules read.

function findings(text: string, ruleId: string, options: LintOptions = {}) {
  const result = lintText(text, options);
  const rule = RULES_BY_ID.get(ruleId)!;
  return result.diagnostics
    .filter((d) => d.rule === ruleId)
    .map((d) => ({ line: result.lines.positionAt(d.span.start).line + 1, message: d.message, fixes: rule.fix?.(d.finding!, result.context!) ?? [] }));
}

const workspace = (contextDir: string, dockerfileName: string): WorkspaceView => ({ contextDir, dockerfileName, readFile: () => undefined, exists: () => false });

describe('ML302', () => {
  const single = 'FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04\nCMD ["python3", "serve.py"]\n';

  test('offers the runtime retag only when it is mechanical', () => {
    assert.equal(findings(single, 'ML302')[0]!.fixes[0]!.title, 'Use nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04 for the final image');
    const compiles = 'FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04\nRUN nvcc -o /app kernel.cu\nCMD ["/app"]\n';
    const [f] = findings(compiles, 'ML302');
    assert.deepEqual(f!.fixes, [], 'retagging would break the nvcc step');
    assert.match(f!.message, /builder stage/);
    const digest = 'FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04@sha256:' + 'a'.repeat(64) + '\nCMD ["x"]\n';
    assert.deepEqual(findings(digest, 'ML302')[0]!.fixes, [], 'a digest pins the devel image');
  });

  test('a tag unknown to MLDock is still reported, without inventing a runtime tag', () => {
    const [f] = findings('FROM nvidia/cuda:13.9.0-devel-ubuntu24.04\nCMD ["x"]\n', 'ML302');
    assert.match(f!.message, /the matching `-runtime` image/);
    assert.deepEqual(f!.fixes, []);
  });

  test('judges the build target, not the last stage', () => {
    const text = 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04 AS build\nRUN nvcc -o /app k.cu\nFROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nCOPY --from=build /app /app\n';
    assert.deepEqual(findings(text, 'ML302').map((f) => f.line), []);
    assert.deepEqual(findings(text, 'ML302', { target: 'build' }).map((f) => f.line), [1]);
  });

  test('stays silent on development images and run-time JIT workloads', () => {
    assert.deepEqual(findings(single, 'ML302', { workspace: workspace('/repo/.devcontainer', 'Dockerfile') }), []);
    assert.deepEqual(findings(single, 'ML302', { workspace: workspace('/repo', 'Dockerfile.dev') }), []);
    assert.equal(findings(single, 'ML302', { workspace: workspace('/repo/docker', 'Dockerfile') }).length, 1);
    const copiedJit = 'FROM python:3.11 AS deps\nRUN pip install --no-cache-dir vllm==0.6.3\nFROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nCOPY --from=deps /usr/local /usr/local\n';
    assert.deepEqual(findings(copiedJit, 'ML302'), [], 'vLLM copied from another stage JIT-compiles kernels at run time');
    const prebuilt = 'FROM nvidia/cuda:12.1.1-devel-ubuntu22.04\nRUN DS_BUILD_OPS=1 pip install --no-cache-dir deepspeed==0.14.4\n';
    assert.equal(findings(prebuilt, 'ML302').length, 1, 'DeepSpeed ops prebuilt at install need no nvcc at run time');
  });
});

describe('ML304', () => {
  test('keeps the ENV alone when the removal would swallow a comment', () => {
    const text = 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nENV A=1 \\\n# pinned GPU\n    CUDA_VISIBLE_DEVICES=0\n';
    const [f] = findings(text, 'ML304');
    assert.equal(f!.line, 4);
    assert.deepEqual(f!.fixes, []);
  });
});

describe('ML305', () => {
  test('reads Python code, not words', () => {
    assert.equal(pythonGpuCheck('import torch; print(torch.cuda.is_available())'), 'torch.cuda.is_available()');
    assert.equal(pythonGpuCheck('x = torch.ones(2, device="cuda")'), 'device="cuda"');
    assert.equal(pythonGpuCheck("import cupy; cupy.cuda.runtime.getDeviceCount()"), 'cupy.cuda.runtime.getDeviceCount()');
    for (const buildInfo of ['import torch; print(torch.version.cuda)', 'import tensorflow as tf; tf.test.is_built_with_cuda()', 'print("cuda.is_available")', 'import jax; print(jax.devices())']) {
      assert.equal(pythonGpuCheck(buildInfo), undefined, buildInfo);
    }
  });

  test('a looked-up nvidia-smi is not run', () => {
    assert.deepEqual(findings('FROM ubuntu:22.04\nRUN command -v nvidia-smi || echo "no GPU at build time"\n', 'ML305'), []);
  });
});

describe('ML306', () => {
  test('driver packages versus toolkit and container packages', () => {
    for (const name of ['nvidia-driver-535', 'nvidia-driver-550-server', 'nvidia-headless-no-dkms-535', 'libnvidia-compute-535', 'libnvidia-gl-550', 'cuda-drivers', 'cuda-drivers-555', 'nvidia-utils-535', 'kmod-nvidia-latest-dkms', 'libcuda1', 'nvidia-driver:latest-dkms', 'cuda', 'cuda-12-4', 'cuda-12-4=12.4.1-1']) {
      assert.ok(driverPackage(name), `${name} installs the driver`);
    }
    for (const name of ['cuda-toolkit-12-4', 'cuda-toolkit', 'cuda-compat-12-4', 'cuda-driver-dev-12-4', 'cuda-nvcc-12-4', 'cuda-runtime-12-4', 'libnvidia-container1', 'libnvidia-container-tools', 'nvidia-container-toolkit', 'libnvidia-egl-wayland1', 'libnvidia-ml-dev', 'nvidia-cuda-toolkit', 'cuda-keyring']) {
      assert.equal(driverPackage(name), undefined, `${name} is not the driver`);
    }
    assert.equal(driverPackage('cuda-12-4')!.instead, 'cuda-toolkit-12-4');
  });

  test('dnf, yum and microdnf installs are read from the model', () => {
    const rpm = (s: string) => recogniseRpm(resolveProgram(parseShellCommands(s)[0]!));
    assert.deepEqual(rpm('dnf -y --setopt=install_weak_deps=False install --enablerepo crb nvidia-driver cuda-toolkit-12-4')!.packages.map((p) => p.name), ['nvidia-driver', 'cuda-toolkit-12-4']);
    assert.equal(rpm('dnf module install -y nvidia-driver:latest-dkms')!.subcommand, 'module install');
    assert.equal(rpm('microdnf install python3')!.tool, 'microdnf');
    assert.equal(rpm('rpm -i x.rpm'), undefined);
  });

  test('only the final image counts, and driver containers are left alone', () => {
    const builder = 'FROM ubuntu:22.04 AS build\nRUN apt-get install -y nvidia-driver-535\nFROM ubuntu:22.04\nCMD ["x"]\n';
    assert.deepEqual(findings(builder, 'ML306'), []);
    const driverContainer = 'FROM ubuntu:22.04\nRUN apt-get install -y nvidia-driver-535\nENTRYPOINT ["/usr/local/bin/nvidia-driver", "init"]\n';
    assert.deepEqual(findings(driverContainer, 'ML306'), []);
  });
});
