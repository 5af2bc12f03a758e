import { DEPRECATED_PACKAGES } from '../knowledge/deprecations';
import { JAX_EXTRAS, JAX_META } from '../knowledge/jax';
import { TENSORFLOW_META, tensorflowIsNewerThanData, tensorflowRelease } from '../knowledge/tensorflow';
import {
  TORCH_META, latestTorchPerMinor, torchDownloadSize, torchForTorchaudio, torchForTorchvision, torchRelease, torchVersionStatus, type TorchRelease,
} from '../knowledge/torch';
import { cudaOfVariant } from '../knowledge/versions';
import type { Requirement } from '../parse/requirement';
import { bullets, dataNote, heading } from './markdown';

/** Markdown for an ML requirement (`torch==2.4.0`, `torchvision==0.19.0+cu124`, `tensorflow==2.15.0`, `jax[cuda12]`). */
export function requirementHover(req: Requirement): string | undefined {
  switch (req.name) {
    case 'torch': return torchHover(req);
    case 'torchvision': case 'torchaudio': return companionHover(req);
    case 'tensorflow': case 'tensorflow-cpu': case 'tensorflow-gpu': case 'tensorflow-intel': return tensorflowHover(req);
    case 'jax': case 'jaxlib': return jaxHover(req);
  }
  return undefined;
}

function torchHover(req: Requirement): string {
  const version = req.version;
  if (!version) {
    const recent = latestTorchPerMinor().slice(0, 4).map((r) => `${r.version} (${r.variants.join(', ')})`);
    return [heading('torch (unpinned)'), bullets([
      'pip picks the newest release that has a wheel for this Python — the image changes when PyTorch releases.',
      `Recent releases: ${recent.join('; ')}`,
    ]), dataNote(TORCH_META.dataAsOf)].join('\n\n');
  }
  const release = torchRelease(version);
  if (!release) return unknownTorch('torch', version);
  const size = torchDownloadSize(release);
  const variant = req.local;
  return [
    heading(`torch ${release.version}${variant ? `+${variant}` : ''}`),
    bullets([
      `CUDA variants (Linux x86_64): ${release.variants.map((v) => `\`${v}\``).join(', ')}, \`cpu\` — \`pip install torch==${release.version} --index-url https://download.pytorch.org/whl/${release.variants.at(-1)}\``,
      release.uncertainVariants.length > 0 && `Also reported (not confirmed by MLDock's sources): ${release.uncertainVariants.join(', ')}`,
      `From PyPI without an index: the CUDA ${release.pypiCuda} build`,
      variant && variantLine(release, variant),
      `Matching: torchvision **${release.torchvision}**, ${release.torchaudio ? `torchaudio **${release.torchaudio}**` : 'no torchaudio release (maintenance mode after 2.11)'}`,
      `Python ${release.python[0]}–${release.python[1]} · cuDNN ${release.cudnn}`,
      `Download: CPU ${size.cpu}; CUDA ${size.cuda}`,
      release.note && `Note: ${release.note}`,
    ]),
    dataNote(TORCH_META.dataAsOf),
  ].join('\n\n');
}

function variantLine(release: TorchRelease, variant: string): string {
  if (variant === 'cpu') return '`+cpu`: CPU-only build, no CUDA libraries';
  const cuda = cudaOfVariant(variant);
  if (release.variants.includes(variant)) return `\`+${variant}\`: built for CUDA ${cuda}`;
  if (release.uncertainVariants.includes(variant)) return `\`+${variant}\`: reported by a secondary source only`;
  return `\`+${variant}\`: **no such wheel** for torch ${release.version} (pip fails)`;
}

function companionHover(req: Requirement): string {
  const version = req.version;
  const name = req.name;
  if (!version) return [heading(`${name} (unpinned)`), `Each ${name} release requires one exact torch release; pin it to the torch you pin.`].join('\n\n');
  const release = name === 'torchvision' ? torchForTorchvision(version) : torchForTorchaudio(version);
  if (!release) return unknownTorch(name, version);
  return [
    heading(`${name} ${version}${req.local ? `+${req.local}` : ''}`),
    bullets([
      `Requires torch **${release.version}** (install them in one \`pip install\`, from the same index)`,
      `CUDA variants: ${release.variants.map((v) => `\`${v}\``).join(', ')}, \`cpu\``,
      `Python ${release.python[0]}–${release.python[1]}`,
    ]),
    dataNote(TORCH_META.dataAsOf),
  ].join('\n\n');
}

function unknownTorch(name: string, version: string): string {
  const status = name === 'torch' ? torchVersionStatus(version) : 'newer';
  const text = status === 'older'
    ? `${name} ${version} is older than MLDock's data (from torch 1.12).`
    : `${name} ${version} is unknown to MLDock (data as of ${TORCH_META.dataAsOf}).`;
  return [heading(`${name} ${version}`), text].join('\n\n');
}

function tensorflowHover(req: Requirement): string {
  const deprecated = DEPRECATED_PACKAGES.get(req.name);
  const version = req.version;
  const release = version ? tensorflowRelease(version) : undefined;
  const title = heading(`${req.name}${req.extras.length ? `[${req.extras.join(',')}]` : ''}${version ? ` ${version}` : ''}`);
  if (version && !release) {
    return [title, tensorflowIsNewerThanData(version) ? `TensorFlow ${version} is unknown to MLDock (data as of ${TENSORFLOW_META.dataAsOf}).` : `TensorFlow ${version} is not in MLDock's table of tested configurations.`].join('\n\n');
  }
  const gpu = req.name !== 'tensorflow-cpu';
  return [
    title,
    bullets([
      deprecated && `Deprecated: ${deprecated.why}.`,
      release && `Tested with CUDA **${release.cuda}** and cuDNN **${release.cudnn}** · Python ${release.python[0]}–${release.python[1]}`,
      gpu && (req.extras.includes('and-cuda')
        ? '`[and-cuda]` installs the NVIDIA CUDA and cuDNN libraries from pip: only a host driver is needed'
        : 'Without `[and-cuda]`, TensorFlow uses the CUDA/cuDNN of the image (they must match the tested versions) or runs on CPU'),
      req.name === 'tensorflow-cpu' ? 'CPU-only package: ≈ 212 MB (tensorflow-cpu 2.15.1)' : 'Download: ≈ 590–620 MB (tensorflow 2.16–2.20) plus the CUDA libraries with `[and-cuda]`; `tensorflow-cpu` ≈ 212 MB',
    ]),
    dataNote(TENSORFLOW_META.dataAsOf),
  ].join('\n\n');
}

function jaxHover(req: Requirement): string {
  const extras = req.extras.map((e) => [e, JAX_EXTRAS[e]] as const).filter(([, x]) => x !== undefined);
  return [
    heading(`${req.name}${req.extras.length ? `[${req.extras.join(',')}]` : ''}${req.version ? ` ${req.version}` : ''}`),
    bullets(extras.length > 0
      ? extras.flatMap(([e, x]) => [`\`[${e}]\`: ${x!.description}`, x!.download && `Download: ${x!.download}`])
      : ['CPU-only unless installed with an extra: `jax[cuda12]` / `jax[cuda13]` (CUDA from pip) or `jax[cuda12_local]` (the image\'s CUDA)']),
    dataNote(JAX_META.dataAsOf),
  ].join('\n\n');
}
