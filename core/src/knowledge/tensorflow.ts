import type { KnowledgeMeta } from './sources';
import { compareVersions, majorMinor } from './versions';

/** TensorFlow's tested Linux GPU build configurations (tensorflow.org/install/source#gpu). */
export const TENSORFLOW_META: KnowledgeMeta = {
  dataAsOf: '2026-03',
  sources: [
    'tensorflow/docs site/en/install/source.md "Tested build configurations → GPU" (HEAD 7c365021, 2026-03-11)',
    'tensorflow/docs site/en/install/pip.md (tensorflow[and-cuda], tensorflow-cpu, Windows GPU ends at 2.10)',
    'replicate/cog pkg/config/tf_compatibility.json (same source, 2026-05)',
  ],
};

export interface TensorflowRelease {
  /** `major.minor`. */
  readonly minor: string;
  readonly python: readonly [string, string];
  /** CUDA and cuDNN the GPU build was tested with. */
  readonly cuda: string;
  readonly cudnn: string;
}

const ROWS: readonly (readonly [string, string, string, string, string])[] = [
  ['2.21', '3.10', '3.13', '12.5', '9.3'], ['2.20', '3.9', '3.13', '12.5', '9.3'], ['2.19', '3.9', '3.12', '12.5', '9.3'],
  ['2.18', '3.9', '3.12', '12.5', '9.3'], ['2.17', '3.9', '3.12', '12.3', '8.9'], ['2.16', '3.9', '3.12', '12.3', '8.9'],
  ['2.15', '3.9', '3.11', '12.2', '8.9'], ['2.14', '3.9', '3.11', '11.8', '8.7'], ['2.13', '3.8', '3.11', '11.8', '8.6'],
  ['2.12', '3.8', '3.11', '11.8', '8.6'], ['2.11', '3.7', '3.10', '11.2', '8.1'], ['2.10', '3.7', '3.10', '11.2', '8.1'],
  ['2.9', '3.7', '3.10', '11.2', '8.1'], ['2.8', '3.7', '3.10', '11.2', '8.1'], ['2.7', '3.7', '3.9', '11.2', '8.1'],
  ['2.6', '3.6', '3.9', '11.2', '8.1'], ['2.5', '3.6', '3.9', '11.2', '8.1'], ['2.4', '3.6', '3.8', '11.0', '8.0'],
  ['2.3', '3.5', '3.8', '10.1', '7.6'], ['2.2', '3.5', '3.8', '10.1', '7.6'], ['2.1', '3.5', '3.7', '10.1', '7.6'],
  ['2.0', '3.3', '3.7', '10.0', '7.4'], ['1.15', '3.3', '3.7', '10.0', '7.4'],
];

export const TENSORFLOW_RELEASES: readonly TensorflowRelease[] = ROWS.map(([minor, lo, hi, cuda, cudnn]) => ({ minor, python: [lo, hi], cuda, cudnn }));

const BY_MINOR = new Map(TENSORFLOW_RELEASES.map((r) => [r.minor, r]));
const NEWEST = TENSORFLOW_RELEASES[0]!.minor;

export function tensorflowRelease(version: string): TensorflowRelease | undefined {
  const mm = majorMinor(version);
  return mm ? BY_MINOR.get(mm) : undefined;
}

export function tensorflowIsNewerThanData(version: string): boolean {
  const mm = majorMinor(version);
  return mm !== undefined && compareVersions(mm, NEWEST) > 0;
}

/** Packages that install TensorFlow itself. `tensorflow-gpu` stopped at 2.11 (since 2.1 `tensorflow` includes GPU support). */
export const TENSORFLOW_PACKAGES: ReadonlySet<string> = new Set(['tensorflow', 'tensorflow-cpu', 'tensorflow-gpu', 'tf-nightly', 'tensorflow-intel']);
