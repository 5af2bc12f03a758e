import { torchForTorchaudio, torchForTorchvision, torchRelease, type TorchRelease } from '../knowledge/torch';
import { variantOfCuda } from '../knowledge/versions';
import type { AnalyzedDocument, Span } from '../model/types';
import type { PipPin } from './pipPins';

/** The torch family: packages whose wheels come in `+cuXXX`/`+cpu` variants and must match torch. */
export const TORCH_FAMILY: ReadonlySet<string> = new Set(['torch', 'torchvision', 'torchaudio']);

export interface PinnedVariant {
  /** `cu121`, `cpu` … */
  readonly variant: string;
  /** `local`: `+cu121` in the pin; `index`: a download.pytorch.org index; `pypi`: the default wheel on PyPI (Linux x86_64). */
  readonly source: 'local' | 'index' | 'pypi';
  /** Where the variant is written in the Dockerfile (for fixes), when it is. */
  readonly span: Span | undefined;
}

/** The torch release a torch/torchvision/torchaudio pin belongs to, when MLDock knows it. */
export function releaseOfPin(pin: PipPin): TorchRelease | undefined {
  const version = pin.requirement.version;
  if (!version) return undefined;
  if (pin.name === 'torch') return torchRelease(version);
  if (pin.name === 'torchvision') return torchForTorchvision(version);
  if (pin.name === 'torchaudio') return torchForTorchaudio(version);
  return undefined;
}

/** Which variant pip installs for a torch-family pin. */
export function variantOfPin(doc: AnalyzedDocument, pin: PipPin, release: TorchRelease | undefined): PinnedVariant | undefined {
  const local = pin.requirement.local;
  if (local) return { variant: local, source: 'local', span: localLabelSpan(doc, pin) };
  const index = pin.install.torchIndex;
  if (index) return { variant: index.variant, source: 'index', span: index.variantSpan };
  if (pin.name === 'torch' && release) return { variant: variantOfCuda(release.pypiCuda) ?? 'cpu', source: 'pypi', span: undefined };
  return undefined;
}

/** Span of `cu118` in `torch==2.1.0+cu118` as written in the Dockerfile. */
export function localLabelSpan(doc: AnalyzedDocument, pin: PipPin): Span | undefined {
  const span = pin.wordSpan;
  const local = pin.requirement.local;
  if (!span || !local) return undefined;
  const raw = doc.text.slice(span.start, span.end);
  const at = raw.lastIndexOf(`+${local}`);
  return at < 0 ? undefined : { start: span.start + at + 1, end: span.start + at + 1 + local.length };
}

/** Where a pin is, for messages: `torch==2.4.0+cu118` or `torch==2.4.0 (requirements.txt, line 3)`. */
export function describePin(pin: PipPin): string {
  const text = `\`${pin.requirement.raw.trim()}\``;
  return pin.file ? `${text} (${pin.file.path}, line ${pin.file.line + 1})` : text;
}
