/**
 * Code that asks for a GPU: device queries that report nothing, or fail, when no GPU is attached.
 * Build metadata (`torch.version.cuda`, `tf.test.is_built_with_cuda()`, `torch.backends.cudnn.version()`)
 * needs no GPU and is deliberately not matched.
 */
const PYTHON_GPU_CHECKS: readonly RegExp[] = [
  // torch.cuda / cupy.cuda / numba.cuda / paddle.device.cuda queries
  /\bcuda\.(is_available|device_count|get_device_name|get_device_properties|get_device_capability|current_device|mem_get_info|init|synchronize)\s*\(/,
  /\bcuda\.runtime\.getDeviceCount\s*\(/,
  /\bcuda\.(detect|gpus)\b/,
  // moving tensors to the GPU
  /\.cuda\s*\(\s*\)/,
  /\.to\s*\(\s*["']cuda/,
  /\bdevice\s*=\s*["']cuda/,
  // TensorFlow
  /\blist_(physical|logical)_devices\s*\(\s*(device_type\s*=\s*)?["']GPU["']/,
  /\btf\.test\.(is_gpu_available|gpu_device_name)\s*\(/,
  /\bdevice_lib\.list_local_devices\s*\(/,
  // JAX
  /\bjax\.(local_)?devices\s*\(\s*(backend\s*=\s*)?["'](gpu|cuda)["']/,
];

/** The first GPU query in a piece of Python code, as written. */
export function pythonGpuCheck(code: string): string | undefined {
  for (const pattern of PYTHON_GPU_CHECKS) {
    const m = pattern.exec(code);
    if (m) return expandCall(code, m.index, m[0]);
  }
  return undefined;
}

/** Widens a match to the dotted name before it and the closing parenthesis after it: `torch.cuda.is_available()`. */
function expandCall(code: string, index: number, matched: string): string {
  let start = index;
  while (start > 0 && /[\w.]/.test(code[start - 1]!)) start--;
  let end = index + matched.length;
  let depth = (matched.match(/\(/g) ?? []).length - (matched.match(/\)/g) ?? []).length;
  while (depth > 0 && end < code.length) {
    if (code[end] === '(') depth++;
    else if (code[end] === ')') depth--;
    end++;
  }
  // `device="cuda` → `device="cuda"` (and `"cuda:0"`).
  const quote = /["']/.exec(matched)?.[0];
  if (quote && code.slice(index, end).split(quote).length % 2 === 0) {
    const close = code.indexOf(quote, end);
    if (close >= 0) end = close + 1;
  }
  return code.slice(start, end).replace(/^\./, '');
}

/** Programs that query the GPU or need the driver the NVIDIA Container Toolkit mounts at `docker run --gpus`. */
export const GPU_QUERY_PROGRAMS: ReadonlySet<string> = new Set(['nvidia-smi', 'deviceQuery', 'gpustat', 'nvitop']);

const PYTHON = /^(python|python3|python3\.\d+|pypy3?)$/;

export function isPythonProgram(name: string): boolean {
  return PYTHON.test(name);
}
