/**
 * Tags to suggest when a base image is unpinned (ML106). Only tags known to exist are listed;
 * sources are in docs/knowledge.md. Images not listed get the finding without a suggested tag.
 * Data as of 2026-11.
 */
export interface PinSuggestion {
  readonly tag: string;
  readonly why: string;
}

const PYTHON = [
  { tag: '3.12', why: 'newest Python with wheels for every supported PyTorch (≥ 2.2) and TensorFlow (≥ 2.16) release' },
  { tag: '3.12-slim', why: 'same Python, ~43 MB compressed instead of ~411 MB' },
];

const SUGGESTIONS: Readonly<Record<string, readonly PinSuggestion[]>> = {
  python: PYTHON,
  ubuntu: [
    { tag: '24.04', why: 'current LTS (Python 3.12 as python3)' },
    { tag: '22.04', why: 'previous LTS (Python 3.10), still the most common CUDA base' },
  ],
  debian: [
    { tag: 'trixie-slim', why: 'Debian 13, the current stable release' },
    { tag: 'bookworm-slim', why: 'Debian 12, previous stable (~28 MB compressed)' },
  ],
  alpine: [{ tag: '3.24', why: 'current Alpine release (musl: most ML wheels do not support it)' }],
  'nvidia/cuda': [
    { tag: '12.6.3-cudnn-runtime-ubuntu24.04', why: 'CUDA 12.6 with cuDNN 9, supported by NVIDIA; cu126 wheels exist for every PyTorch from 2.6 on; runtime flavour has no compiler' },
    { tag: '12.6.3-runtime-ubuntu24.04', why: 'without cuDNN, for wheels that bundle their own (PyTorch from pip)' },
  ],
};

/** Suggestions for an image name (`python`, `nvidia/cuda`); keeps the variant of a tag like `slim`. */
export function pinSuggestions(imageName: string): readonly PinSuggestion[] {
  return SUGGESTIONS[imageName] ?? [];
}
