import { baseImageFacts, type BaseImageFacts } from '../knowledge/baseImages';
import { CUDA_DRIVERS_META, driverForCuda } from '../knowledge/cudaDrivers';
import { CUDA_IMAGES_META, checkCudaTag } from '../knowledge/cudaImages';
import { CUDNN_SIZE, FLAVOR_CONTENTS, FLAVOR_SIZE, describeOs, type CudaTag } from '../knowledge/cudaTags';
import { DEPRECATED_IMAGES } from '../knowledge/deprecations';
import { FRAMEWORK_IMAGES_META, decodePytorchTag, decodeTensorflowTag } from '../knowledge/frameworkImages';
import { PYTHON_IMAGES_META, decodeMicromambaTag, decodeMinicondaTag, decodePythonTag } from '../knowledge/pythonImages';
import { TORCH_RELEASES } from '../knowledge/torch';
import { majorMinor, variantOfCuda } from '../knowledge/versions';
import type { ImageRef } from '../parse/imageRef';
import { bullets, dataNote, heading } from './markdown';

/** Markdown for a FROM image: what the tag means, what is inside, the driver it needs, size, and a better choice. */
export function imageHover(image: ImageRef): string | undefined {
  const facts = baseImageFacts(image);
  const tag = image.tag ?? 'latest';
  switch (image.name) {
    case 'nvidia/cuda':
    case 'nvcr.io/nvidia/cuda':
      return cudaImageHover(image, facts);
    case 'pytorch/pytorch':
      return pytorchHover(image, facts);
    case 'tensorflow/tensorflow':
      return tensorflowHover(image, facts);
    case 'python': {
      const d = decodePythonTag(tag);
      return [
        heading(`python:${tag}`),
        bullets([
          `Python ${d.python ?? '(the newest release)'} · ${d.variant === 'full' ? 'full Debian image with build tools' : d.variant === 'slim' ? 'slim Debian image (no compilers, curl or wget)' : d.variant}${d.distro ? ` · ${d.distro}` : ''}`,
          commonFacts(facts),
          `Size: ${d.size}`,
          d.variant === 'full' && 'Better choice for serving: the `-slim` variant of the same tag is ≈ 10× smaller; build wheels in a full stage if you need compilers.',
          d.variant === 'alpine' && 'Alpine uses musl: PyTorch, TensorFlow and JAX have no wheels for it (ML218). Prefer `-slim`.',
        ]),
        dataNote(PYTHON_IMAGES_META.dataAsOf),
      ].join('\n\n');
    }
    case 'continuumio/miniconda3': {
      const d = decodeMinicondaTag(tag);
      return [heading(`continuumio/miniconda3:${tag}`), bullets([
        `Miniconda ${d.miniconda ?? '(unpinned)'} in /opt/conda${d.python ? ` · Python ${d.python}` : ''}`,
        commonFacts(facts),
        'Maintained by Anaconda (ContinuumIO/docker-images).',
      ]), dataNote(PYTHON_IMAGES_META.dataAsOf)].join('\n\n');
    }
    case 'mambaorg/micromamba': {
      const d = decodeMicromambaTag(tag);
      return [heading(`mambaorg/micromamba:${tag}`), bullets([
        `micromamba ${d.micromamba ?? '(unpinned)'}${d.os ? ` · ${d.os}` : ''}${d.cuda ? ` · CUDA ${d.cuda}` : ''}`,
        commonFacts(facts),
        'Environments live under MAMBA_ROOT_PREFIX=/opt/conda; set `ARG MAMBA_DOCKERFILE_ACTIVATE=1` to run later RUNs in the base environment.',
      ]), dataNote(PYTHON_IMAGES_META.dataAsOf)].join('\n\n');
    }
  }
  const deprecated = DEPRECATED_IMAGES.get(image.name);
  if (deprecated) {
    return [heading(`${image.name}:${tag}`), bullets([`Deprecated: ${deprecated.why}.`, deprecated.successor ? `Successor: \`${deprecated.successor}\` (${deprecated.successorNote}).` : deprecated.successorNote, commonFacts(facts)])].join('\n\n');
  }
  if (!facts) return undefined;
  return [heading(`${image.name}:${tag}`), bullets([commonFacts(facts)])].join('\n\n');
}

function commonFacts(facts: BaseImageFacts | undefined): string | undefined {
  if (!facts) return undefined;
  const python = facts.python === null ? `no Python${facts.aptPython3 ? ` (\`apt-get install python3\` brings ${facts.aptPython3})` : ''}` : facts.python ? `Python ${facts.python}` : undefined;
  return [facts.os && `OS: ${facts.os}${facts.libc ? ` (${facts.libc})` : ''}`, python, facts.user && `default user: ${facts.user}`].filter(Boolean).join(' · ');
}

function cudaImageHover(image: ImageRef, facts: BaseImageFacts | undefined): string {
  const tag = image.tag ?? 'latest';
  const check = checkCudaTag(tag);
  const title = heading(`${image.name}:${tag}`);
  if (check.kind !== 'exists' && !check.tag) return [title, `This tag ${check.kind === 'removed' ? 'was removed' : 'is not valid'}: ${check.reason}.`].join('\n\n');
  const t = check.tag!;
  const status = check.kind === 'exists'
    ? check.release.status === 'supported' ? 'Supported by NVIDIA (rebuilt for CVEs).' : 'Still published but no longer supported: no CVE rebuilds, deleted without notice.'
    : check.kind === 'unknown' ? `${check.reason}.` : `**${check.kind === 'removed' ? 'Removed' : 'Does not exist'}**: ${check.reason}.`;
  const driver = driverForCuda(majorMinor(t.version) ?? t.version);
  const driverText = driver?.linux
    ? `Minimum host driver for CUDA ${majorMinor(t.version)}: **≥ ${driver.linux}** (Linux)${driver.windows ? `, ≥ ${driver.windows} (Windows)` : ''} — the container refuses to start on an older driver`
    : driver?.atLeast ? `Minimum host driver: at least ${driver.atLeast} (the exact minimum for CUDA ${majorMinor(t.version)} is unknown to MLDock)` : undefined;
  const cudnn = t.cudnnToken ? `cuDNN **${t.cudnnToken === 'cudnn' ? 9 : t.cudnnToken.replace('cudnn', '')}**` : 'no cuDNN';
  const variant = variantOfCuda(t.version);
  const torch = TORCH_RELEASES.filter((r) => variant && r.variants.includes(variant)).map((r) => majorMinor(r.version));
  const torchRange = torch.length ? `PyTorch wheels built for this CUDA: \`${variant}\` (torch ${torch[0]}–${torch.at(-1)})` : `No PyTorch wheel variant targets CUDA ${majorMinor(t.version)}`;
  return [
    title,
    bullets([
      `CUDA **${t.version}** · ${cudnn} · flavor **${t.flavor}**: ${FLAVOR_CONTENTS[t.flavor]}`,
      `OS: ${describeOs(t.os)} · ${pythonText(facts)} · default user: root`,
      driverText,
      `Approximate size: ${FLAVOR_SIZE[t.flavor]}${t.cudnnToken ? `, ${CUDNN_SIZE}` : ''} (reported figures, not exact compressed sizes)`,
      torchRange,
      status,
      betterCudaChoice(t),
    ]),
    dataNote(`${CUDA_IMAGES_META.dataAsOf} (drivers ${CUDA_DRIVERS_META.dataAsOf})`),
  ].join('\n\n');
}

function pythonText(facts: BaseImageFacts | undefined): string {
  return facts?.aptPython3 ? `no Python (apt's python3 is ${facts.aptPython3})` : 'no Python';
}

function betterCudaChoice(t: CudaTag): string | undefined {
  if (t.flavor === 'devel') return 'Better choice for the final stage: compile in this `-devel` stage, then copy the result onto the matching `-runtime` image (no compiler, several GB smaller).';
  if (t.flavor === 'runtime') return `PyTorch, \`tensorflow[and-cuda]\` and \`jax[cuda12]\` from pip bring their own CUDA${t.cudnnToken ? ' and cuDNN' : ''}: for them \`${t.version}-base-${t.os}\` is enough. Keep \`runtime\` for software that uses the system CUDA libraries.`;
  return undefined;
}

function pytorchHover(image: ImageRef, facts: BaseImageFacts | undefined): string {
  const tag = image.tag ?? 'latest';
  const d = decodePytorchTag(tag);
  if (!d) return [heading(`pytorch/pytorch:${tag}`), 'Tags read `VERSION-cudaX.Y-cudnnN-{runtime,devel}` (e.g. `2.5.1-cuda12.4-cudnn9-runtime`); `latest` moves with every release.'].join('\n\n');
  return [
    heading(`pytorch/pytorch:${tag}`),
    bullets([
      `torch **${d.torch}** · CUDA **${d.cuda}** · cuDNN **${d.cudnn}** · flavor **${d.flavor}**: ${d.flavor === 'runtime' ? 'Ubuntu 22.04 + conda + the torch CUDA wheels (no nvcc)' : 'nvidia/cuda devel image + conda + torch: nvcc for building extensions'}`,
      `OS: ubuntu 22.04 · Python ${d.python ?? '(not recorded by MLDock)'} in /opt/conda · default user: ${facts?.user ?? 'root'}`,
      `Minimum host driver: ≥ ${driverForCuda(d.cuda)?.linux ?? 'unknown'} for CUDA ${d.cuda} (≥ 525.60.13 for CUDA 12 wheels through minor-version compatibility)`,
      d.flavor === 'devel' && 'Better choice for the final stage: the `-runtime` image of the same tag (no compiler toolchain).',
    ]),
    dataNote(FRAMEWORK_IMAGES_META.dataAsOf),
  ].join('\n\n');
}

function tensorflowHover(image: ImageRef, facts: BaseImageFacts | undefined): string {
  const tag = image.tag ?? 'latest';
  const d = decodeTensorflowTag(tag);
  if (!d) return heading(`tensorflow/tensorflow:${tag}`);
  return [
    heading(`tensorflow/tensorflow:${tag}`),
    bullets([
      `TensorFlow **${d.version}** · ${d.gpu ? `GPU build${d.cuda ? ` with CUDA **${d.cuda}** and cuDNN **${d.cudnn}**` : ''}` : 'CPU only'}${d.jupyter ? ' · with Jupyter' : ''}`,
      `Python ${d.python ?? '(not recorded by MLDock)'} · default user: ${facts?.user ?? 'root'}`,
      d.gpu && d.cuda && `Minimum host driver: ≥ ${driverForCuda(d.cuda)?.linux ?? 'unknown'} for CUDA ${d.cuda}`,
      d.jupyter && 'Better choice for serving: the tag without `-jupyter` (no notebook server).',
    ]),
    dataNote(FRAMEWORK_IMAGES_META.dataAsOf),
  ].join('\n\n');
}
