import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cudaFromRequirement, defaultTag, runFactsFromDockerfile } from '../../core/src/run/dockerfileFacts';
import { validateRunRequest } from '../../core/src/run/runRequest';
import { FIXTURES } from '../helpers/paths';

const TRAIN = `# syntax=docker/dockerfile:1
ARG CUDA=12.4.1
ARG PYTHON_VERSION=3.11
FROM nvidia/cuda:\${CUDA}-cudnn-devel-ubuntu22.04 AS Builder
ARG TORCH=2.3.1
ARG HF_TOKEN
RUN pip install --no-cache-dir torch==\${TORCH}

FROM nvidia/cuda:\${CUDA}-cudnn-runtime-ubuntu22.04
COPY --from=builder /opt/venv /opt/venv
EXPOSE 8000 6006/tcp 9000/udp
HEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1
CMD ["python", "serve.py"]
`;

describe('runFactsFromDockerfile', () => {
  test('stages with their 0-based FROM lines, every ARG with its default, ports, health, CUDA, framework', () => {
    const facts = runFactsFromDockerfile(TRAIN);
    assert.deepEqual(facts.stages, [{ name: 'builder', index: 0, line: 3 }, { index: 1, line: 8 }]);
    assert.deepEqual(facts.args, [{ name: 'CUDA', default: '12.4.1' }, { name: 'PYTHON_VERSION', default: '3.11' }, { name: 'TORCH', default: '2.3.1' }, { name: 'HF_TOKEN' }]);
    assert.deepEqual(facts.exposedPorts, [8000, 6006], 'TCP ports only: -p publishes TCP');
    assert.equal(facts.hasHealthcheck, true);
    assert.equal(facts.usesBuildKitSyntax, false, '# syntax= alone is ignored by the legacy builder');
    assert.deepEqual(facts.cuda, { version: '12.4.1', source: 'base image tag' });
    assert.equal(facts.baseImage, 'nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04', 'global ARG defaults substituted');
    assert.equal(facts.framework, undefined, 'torch is installed in the builder, which the final stage does not build FROM');
  });

  test('the target stage decides ports, health and framework', () => {
    const facts = runFactsFromDockerfile(TRAIN, { target: 'builder' });
    assert.deepEqual(facts.exposedPorts, []);
    assert.equal(facts.hasHealthcheck, false);
    assert.equal(facts.framework, 'torch');
  });

  test('BuildKit-only syntax, HEALTHCHECK NONE, NVIDIA_REQUIRE_CUDA, framework images', () => {
    const kit = runFactsFromDockerfile('FROM python:3.11-slim\nRUN --mount=type=cache,target=/root/.cache pip install "jax[cuda12]"\nHEALTHCHECK NONE\n');
    assert.equal(kit.usesBuildKitSyntax, true);
    assert.equal(kit.hasHealthcheck, false);
    assert.equal(kit.framework, 'jax');
    assert.equal(kit.cuda, undefined);
    const env = runFactsFromDockerfile('FROM ubuntu:22.04\nENV NVIDIA_REQUIRE_CUDA="cuda>=12.2 brand=tesla,driver>=470,driver<471"\n');
    assert.deepEqual(env.cuda, { version: '12.2', source: 'NVIDIA_REQUIRE_CUDA' });
    assert.equal(runFactsFromDockerfile('FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n').framework, 'torch');
    assert.equal(runFactsFromDockerfile('FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n').cuda, undefined, 'wheel CUDA runs on the minor-compatibility driver');
    assert.equal(runFactsFromDockerfile('FROM tensorflow/tensorflow:2.16.1-gpu\n').framework, 'tensorflow');
    assert.equal(runFactsFromDockerfile('FROM python:3.12\nRUN pip install tensorflow[and-cuda]==2.16.1\n').framework, 'tensorflow');
  });

  test('the HTTP fixture', () => {
    const facts = runFactsFromDockerfile(fs.readFileSync(path.join(FIXTURES, 'docker', 'http-service', 'Dockerfile'), 'utf8'));
    assert.deepEqual(facts.stages.map((s) => [s.name, s.line]), [['content', 2], ['serve', 6]]);
    assert.deepEqual(facts.exposedPorts, [8000]);
    assert.equal(facts.hasHealthcheck, true);
    assert.deepEqual(facts.args, [{ name: 'GREETING', default: 'hello' }]);
  });

  test('cudaFromRequirement', () => {
    assert.equal(cudaFromRequirement('cuda>=12.4 brand=tesla,driver>=470,driver<471'), '12.4');
    assert.equal(cudaFromRequirement('brand=tesla cuda>=11.8'), '11.8');
    assert.equal(cudaFromRequirement('driver>=470'), undefined);
  });
});

describe('defaultTag', () => {
  test('derived from folder and stage, always a valid tag', () => {
    assert.equal(defaultTag('my-model', 'train'), 'my-model:train');
    assert.equal(defaultTag('My Project!', 'Serve'), 'my-project:serve');
    assert.equal(defaultTag('ml_stuff'), 'ml_stuff:latest');
    assert.equal(defaultTag('...'), 'mldock-app:latest');
    assert.equal(defaultTag('Ünïcode Ñame'), 'n-code-ame:latest');
    for (const [folder, stage] of [['a..b', 'x'], ['-x-', undefined], ['A'.repeat(300), 'stage.v2'], ['日本', '学習']] as const) {
      const tag = defaultTag(folder, stage);
      assert.deepEqual(validateRunRequest({ dockerfile: '/d', context: '/c', tag, buildArgs: {}, gpus: { kind: 'none' }, ports: [], mounts: [], detach: true }), [], tag);
    }
  });
});
