/**
 * ML package facts the Python rules share. Sizes come from pip logs collected in
 * docs/knowledge.md (torch 2.8.0 with its CUDA wheels ≈ 3.9 GB download; +cpu ≈ 0.19 GB;
 * tensorflow 2.16–2.20 ≈ 590–620 MB; tensorflow-cpu ≈ 212 MB).
 */

export const TORCH_FAMILY: ReadonlySet<string> = new Set(['torch', 'torchvision', 'torchaudio']);
export const TENSORFLOW_FAMILY: ReadonlySet<string> = new Set(['tensorflow', 'tensorflow-cpu', 'tensorflow-gpu', 'tf-nightly', 'tensorflow-intel']);

/** conda package names of the same frameworks. */
export const CONDA_TORCH: ReadonlySet<string> = new Set(['pytorch', 'torchvision', 'torchaudio', 'pytorch-gpu', 'pytorch-cpu']);
export const CONDA_TENSORFLOW: ReadonlySet<string> = new Set(['tensorflow', 'tensorflow-gpu', 'tensorflow-cpu']);

/** Frameworks whose unpinned install changes behaviour, model formats or CUDA needs from one build to the next. */
export const ML_FRAMEWORKS: ReadonlySet<string> = new Set([
  ...TORCH_FAMILY, ...TENSORFLOW_FAMILY, 'pytorch', 'keras', 'jax', 'jaxlib', 'flax', 'transformers', 'diffusers', 'accelerate',
  'sentence-transformers', 'vllm', 'onnxruntime', 'onnxruntime-gpu', 'xformers', 'lightning', 'pytorch-lightning', 'deepspeed',
  'peft', 'bitsandbytes', 'tensorrt', 'paddlepaddle', 'paddlepaddle-gpu', 'mxnet', 'scikit-learn', 'xgboost', 'lightgbm', 'catboost',
]);

/** `https://download.pytorch.org/whl/cu118` → `cu118`. */
export function pytorchIndexVariant(url: string): string | undefined {
  return /^https?:\/\/download(?:-r2)?\.pytorch\.org\/whl\/(?:nightly\/|test\/)?([a-z0-9.]+)\/?$/i.exec(url.trim())?.[1]?.toLowerCase();
}

/** Indexes that host only one vendor's packages: used as `--index-url`, they hide the rest of PyPI. */
export function partialIndex(url: string): 'pytorch' | 'nvidia' | undefined {
  if (/^https?:\/\/download(?:-r2)?\.pytorch\.org\/whl\b/i.test(url)) return 'pytorch';
  if (/^https?:\/\/pypi\.(?:ngc\.)?nvidia\.com\b/i.test(url)) return 'nvidia';
  return undefined;
}

/** Projects and dependencies the PyTorch wheel index mirrors (download.pytorch.org/whl/<variant>/). */
const PYTORCH_INDEX_HOSTS = new Set([
  ...TORCH_FAMILY, 'torchtext', 'torchdata', 'torchrec', 'torchao', 'torchtune', 'fbgemm-gpu', 'xformers', 'triton', 'pytorch-triton',
  'pytorch-triton-rocm', 'pytorch-triton-xpu', 'numpy', 'pillow', 'filelock', 'typing-extensions', 'sympy', 'mpmath', 'networkx',
  'jinja2', 'markupsafe', 'fsspec', 'setuptools',
]);

/** Whether a (normalised) project name is served by the partial index; unknown projects count as not served. */
export function servedBy(index: 'pytorch' | 'nvidia', name: string): boolean {
  if (name.startsWith('nvidia-')) return true;
  return index === 'pytorch' ? PYTORCH_INDEX_HOSTS.has(name) : /^(tensorrt|cuda-|cupy-|polygraphy|onnx-graphsurgeon)/.test(name);
}
