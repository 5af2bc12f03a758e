import { execFile } from 'node:child_process';
import { parseDriverVersion } from '../knowledge/cudaDrivers';

/**
 * Reads the host's NVIDIA driver version with `nvidia-smi` (argument array, time limit, no shell).
 * Resolves undefined when nvidia-smi is missing, fails, hangs past the limit, or prints something else:
 * callers treat "unknown" as "do not judge".
 */
export function readHostDriver(timeoutMs = 3000, command = 'nvidia-smi'): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      execFile(command, ['--query-gpu=driver_version', '--format=csv,noheader'], { timeout: timeoutMs, windowsHide: true }, (error, stdout) => {
        if (error) return resolve(undefined);
        resolve(parseDriverVersion(String(stdout).split(/\r?\n/)[0] ?? ''));
      });
    } catch {
      resolve(undefined);
    }
  });
}
