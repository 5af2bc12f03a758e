import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { CUDA_DRIVERS_META, driverForCuda, knownToolkitReleases, mvcFloor, parseDriverVersion, wheelDriverFloor } from '../../core/src/knowledge/cudaDrivers';
import { CUDA_IMAGES_META, CUDA_IMAGE_RELEASES, EXISTING_CUDA_TAGS, checkCudaTag, nearestCudaTags } from '../../core/src/knowledge/cudaImages';
import { cudnnTokenFor, decodeCudaTag, formatCudaTag } from '../../core/src/knowledge/cudaTags';
import { DEPRECATIONS_META } from '../../core/src/knowledge/deprecations';
import { ENV_VARS_META, ML_ENV_VARS } from '../../core/src/knowledge/envVars';
import { FRAMEWORK_IMAGES_META, decodePytorchTag, decodeTensorflowTag, pytorchTagPlausible } from '../../core/src/knowledge/frameworkImages';
import { archRuns, parseArch } from '../../core/src/knowledge/gpuArch';
import { JAX_META } from '../../core/src/knowledge/jax';
import { PYTHON_IMAGES_META, decodeMicromambaTag, decodePythonTag } from '../../core/src/knowledge/pythonImages';
import { TENSORFLOW_META, TENSORFLOW_RELEASES } from '../../core/src/knowledge/tensorflow';
import { TORCH_META, TORCH_RELEASES, hasVariant, nearestVariant, torchArchs, torchRelease, torchVersionStatus } from '../../core/src/knowledge/torch';
import { compareVersions, cudaOfVariant } from '../../core/src/knowledge/versions';
import { baseImageFacts } from '../../core/src/knowledge/baseImages';
import { parseImageRef } from '../../core/src/parse/imageRef';

describe('knowledge tables are versioned and sourced', () => {
  for (const [name, meta] of Object.entries({ CUDA_DRIVERS_META, CUDA_IMAGES_META, DEPRECATIONS_META, ENV_VARS_META, FRAMEWORK_IMAGES_META, JAX_META, PYTHON_IMAGES_META, TENSORFLOW_META, TORCH_META })) {
    test(name, () => {
      assert.match(meta.dataAsOf, /^20\d\d-(0[1-9]|1[0-2])$/);
      assert.ok(meta.sources.length > 0 && meta.sources.every((s) => s.length > 10));
    });
  }
});

describe('consistency', () => {
  test('every torch release has a matching torchvision, and torchaudio until its maintenance mode (2.12)', () => {
    const torchvisions = new Set<string>();
    let previous: (typeof TORCH_RELEASES)[number] | undefined;
    for (const r of TORCH_RELEASES) {
      assert.match(r.torchvision, /^0\.\d+\.\d+$/, `${r.version}: torchvision`);
      assert.ok(!torchvisions.has(r.torchvision), `${r.version}: torchvision ${r.torchvision} belongs to one torch only`);
      torchvisions.add(r.torchvision);
      if (compareVersions(r.version, '2.12.0') < 0) assert.match(r.torchaudio ?? '', /^\d+\.\d+\.\d+$/, `${r.version}: torchaudio`);
      else assert.equal(r.torchaudio, null, `${r.version}: torchaudio has no release after 2.11`);
      if (previous) {
        assert.ok(compareVersions(r.version, previous.version) > 0, 'releases are ordered');
        assert.ok(compareVersions(r.torchvision, previous.torchvision) > 0, `${r.version}: torchvision grows with torch`);
      }
      assert.ok(compareVersions(r.python[0], r.python[1]) < 0, `${r.version}: Python range`);
      previous = r;
    }
  });

  test('every CUDA variant (and PyPI default) maps to a CUDA version with a driver floor', () => {
    for (const r of TORCH_RELEASES) {
      for (const variant of [...r.variants, ...r.uncertainVariants]) {
        const cuda = cudaOfVariant(variant);
        assert.ok(cuda, `${r.version}: ${variant} is a CUDA variant`);
        assert.ok(wheelDriverFloor(cuda!), `${r.version}+${variant}: CUDA ${cuda} wheels have a driver floor`);
        const need = driverForCuda(cuda!);
        assert.ok(need?.linux ?? need?.atLeast, `${r.version}+${variant}: CUDA ${cuda} has a driver floor`);
        assert.ok(torchArchs(r, variant), `${r.version}+${variant}: GPU architectures known`);
      }
      assert.ok(driverForCuda(r.pypiCuda)?.linux, `${r.version}: PyPI CUDA ${r.pypiCuda} has a driver floor`);
    }
    for (const tf of TENSORFLOW_RELEASES) assert.ok(driverForCuda(tf.cuda)?.linux, `TensorFlow ${tf.minor}: CUDA ${tf.cuda}`);
  });

  test('every CUDA image release has a driver floor and the cuDNN token of its CUDA version', () => {
    for (const r of CUDA_IMAGE_RELEASES) {
      const need = driverForCuda(r.version);
      assert.ok(need?.linux ?? need?.atLeast, `CUDA ${r.version}`);
      if (r.cudnn) assert.equal(r.cudnn.token, cudnnTokenFor(r.version));
    }
    for (const v of knownToolkitReleases()) assert.ok(parseDriverVersion(driverForCuda(v)!.linux!), v);
  });

  test('every known nvidia/cuda tag parses back to its parts and is reported as existing', () => {
    assert.ok(EXISTING_CUDA_TAGS.length > 500);
    for (const t of EXISTING_CUDA_TAGS) {
      const decoded = decodeCudaTag(t.tag);
      assert.ok('tag' in decoded, t.tag);
      const tag = (decoded as { tag: Parameters<typeof formatCudaTag>[0] & { canonical: boolean } }).tag;
      assert.deepEqual([tag.version, tag.flavor, tag.os, tag.cudnnToken !== undefined], [t.version, t.flavor, t.os, t.cudnn], t.tag);
      assert.equal(formatCudaTag(tag), t.tag);
      assert.equal(checkCudaTag(t.tag).kind, 'exists', t.tag);
    }
  });
});

describe('nvidia/cuda tags', () => {
  const kind = (tag: string) => checkCudaTag(tag).kind;
  test('the cuDNN token follows the CUDA version: cudnn8 ≤ 12.2.2, cudnn9 at 12.3.x, plain cudnn from 12.4.1', () => {
    assert.equal(kind('12.2.2-cudnn8-runtime-ubuntu22.04'), 'exists');
    assert.equal(kind('12.2.2-cudnn9-runtime-ubuntu22.04'), 'invalid');
    assert.equal(kind('12.3.2-cudnn9-devel-ubuntu22.04'), 'exists');
    assert.equal(kind('12.3.2-cudnn-devel-ubuntu22.04'), 'invalid');
    assert.equal(kind('12.4.1-cudnn-runtime-ubuntu22.04'), 'exists');
    assert.equal(kind('12.4.1-cudnn9-runtime-ubuntu22.04'), 'invalid');
    assert.equal(kind('11.8.0-cudnn8-runtime-ubuntu22.04'), 'exists');
  });
  test('OS per CUDA release, flavors, removed tags, and unknown newer releases', () => {
    assert.equal(kind('11.8.0-runtime-ubuntu24.04'), 'invalid');
    assert.equal(kind('13.0.3-runtime-ubuntu20.04'), 'invalid');
    assert.equal(kind('12.6.3-base-ubuntu24.04'), 'exists');
    assert.equal(kind('12.6.3-cudnn-base-ubuntu24.04'), 'invalid');
    assert.equal(kind('12.8.2-cudnn-runtime-ubuntu24.04'), 'invalid', '12.8.2 has no cuDNN images');
    assert.equal(kind('12.4.1-cudnn-dev-ubuntu22.04'), 'invalid');
    assert.equal(kind('12.4.1-runtime-cudnn-ubuntu22.04'), 'invalid', 'tokens out of order');
    assert.equal(kind('11.2.1-base-ubuntu20.04'), 'removed');
    assert.equal(kind('10.2-cudnn7-devel-ubuntu18.04'), 'removed');
    assert.equal(kind('11.0-base'), 'removed');
    assert.equal(kind('latest'), 'removed');
    assert.equal(kind('12.7.0-runtime-ubuntu22.04'), 'invalid', 'CUDA 12.7 was never released');
    assert.equal(kind('13.4.0-runtime-ubuntu24.04'), 'unknown');
    assert.equal(kind('12.9.2-runtime-ubuntu24.04'), 'unknown', 'a later patch may have been published since');
    assert.equal(kind('12.6.3-runtime-ubi9'), 'exists');
    assert.equal(kind('12.6.1-runtime-ubi9'), 'unknown', 'RHEL-family tags of unsupported releases are not tracked');
    assert.match((checkCudaTag('13.4.0-runtime-ubuntu24.04') as { reason: string }).reason, /newer than MLDock's tag list \(data as of 2026-/);
  });
  test('nearest tags keep the flavor, cuDNN choice and OS and prefer supported releases', () => {
    assert.equal(nearestCudaTags({ version: '12.4.1', cudnnToken: 'cudnn9', flavor: 'runtime', os: 'ubuntu22.04' })[0]!.tag, '12.4.1-cudnn-runtime-ubuntu22.04');
    assert.equal(nearestCudaTags({ version: '11.2.1', flavor: 'base', os: 'ubuntu20.04' })[0]!.tag, '11.2.2-base-ubuntu20.04');
    assert.equal(nearestCudaTags({ version: '12.8.2', cudnnToken: 'cudnn', flavor: 'runtime', os: 'ubuntu24.04' })[0]!.tag, '12.9.1-cudnn-runtime-ubuntu24.04');
  });
});

describe('drivers, wheels, architectures', () => {
  test('driver floors: exact releases, image-only patches, newer releases as a lower bound', () => {
    assert.equal(driverForCuda('11.8')!.linux, '520.61.05');
    assert.equal(driverForCuda('12.8.2')!.linux, '570.124.06');
    assert.equal(driverForCuda('13.2.1')!.linux, undefined);
    assert.equal(driverForCuda('13.2.1')!.atLeast, '590.44.01');
    assert.equal(mvcFloor('12.6'), '525.60.13');
    assert.equal(parseDriverVersion(' 535.104.05\n'), '535.104.05');
    assert.equal(parseDriverVersion('NVIDIA-SMI has failed'), undefined);
  });
  test('torch variants, nearest variant and unknown versions', () => {
    const r = torchRelease('2.4.0')!;
    assert.deepEqual([r.variants, r.torchvision, r.torchaudio], [['cu118', 'cu121', 'cu124'], '0.19.0', '2.4.0']);
    assert.equal(hasVariant(r, 'cu126'), false);
    assert.equal(hasVariant(r, 'cpu'), true);
    assert.equal(hasVariant(torchRelease('2.10.0')!, 'cu129'), undefined, 'secondary-source variants are neither flagged nor suggested');
    assert.equal(nearestVariant(torchRelease('2.1.0')!, '12.4'), 'cu121');
    assert.equal(torchVersionStatus('2.99.0'), 'newer');
    assert.equal(torchVersionStatus('2.4.7'), 'unknown-patch');
    assert.equal(torchRelease('2.4')!.version, '2.4.0');
  });
  test('architectures: binary compatibility within a major, PTX for newer GPUs', () => {
    assert.equal(parseArch('sm_90a'), '9.0');
    assert.equal(parseArch('compute_120'), '12.0');
    assert.equal(parseArch('8.6'), '8.6');
    assert.equal(parseArch('gpu'), undefined);
    const cu126 = torchArchs(torchRelease('2.7.0')!, 'cu126')!;
    assert.equal(archRuns('8.9', cu126.archs, cu126.ptx), true, 'Ada runs sm_86 kernels');
    assert.equal(archRuns('12.0', cu126.archs, cu126.ptx), false, 'Blackwell needs a cu128+ build');
    const cu130 = torchArchs(torchRelease('2.11.0')!, 'cu130')!;
    assert.equal(archRuns('12.1', cu130.archs, cu130.ptx), true);
    assert.equal(archRuns('7.0', cu130.archs, cu130.ptx), false, 'cu130 dropped Volta');
  });
});

describe('image tag decoders', () => {
  test('pytorch/pytorch, tensorflow/tensorflow, python and micromamba tags', () => {
    assert.deepEqual(decodePytorchTag('2.5.1-cuda12.4-cudnn9-runtime'), { torch: '2.5.1', cuda: '12.4', cudnn: '9', flavor: 'runtime', python: '3.11' });
    assert.equal(pytorchTagPlausible(decodePytorchTag('2.4.0-cuda12.6-cudnn9-runtime')!), false);
    assert.deepEqual(decodeTensorflowTag('2.15.0-gpu-jupyter'), { version: '2.15.0', gpu: true, jupyter: true, python: undefined, cuda: '12.2', cudnn: '8.9' });
    assert.equal(decodePythonTag('3.11-slim-bookworm').variant, 'slim');
    assert.deepEqual(decodeMicromambaTag('1.5.10-noble-cuda-12.6.0'), { micromamba: '1.5.10', os: 'noble', cuda: '12.6.0' });
  });
  test('base image facts carry the decoded CUDA and Python', () => {
    const f = (ref: string) => baseImageFacts(parseImageRef(ref)!)!;
    assert.deepEqual(f('nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04').cuda, { version: '11.8.0', flavor: 'runtime', cudnn: 8, libs: 'system' });
    assert.equal(f('nvidia/cuda:12.6.3-devel-ubuntu24.04').cuda!.cudnn, null);
    assert.equal(f('pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime').python, '3.11');
    assert.equal(f('pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime').cuda!.libs, 'wheels');
    assert.equal(f('tensorflow/tensorflow:2.18.0-gpu').cuda!.version, '12.5');
  });
  test('ML environment variables are documented, deprecated ones name their replacement', () => {
    assert.equal(ML_ENV_VARS.get('TRANSFORMERS_CACHE')!.replacedBy, 'HF_HOME');
    for (const name of ['PYTORCH_CUDA_ALLOC_CONF', 'TF_FORCE_GPU_ALLOW_GROWTH', 'NVIDIA_VISIBLE_DEVICES', 'NVIDIA_DRIVER_CAPABILITIES', 'HF_HOME', 'OMP_NUM_THREADS', 'PIP_NO_CACHE_DIR', 'CONDA_PKGS_DIRS', 'MAMBA_ROOT_PREFIX']) {
      assert.ok(ML_ENV_VARS.get(name)?.summary, name);
    }
  });
});
