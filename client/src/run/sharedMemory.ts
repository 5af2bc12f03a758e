/**
 * `/dev/shm` for the container. PyTorch's DataLoader workers hand batches to the main process through
 * shared memory, and Docker gives a container 64 MB of it, so `num_workers > 0` dies with "bus error"
 * or "DataLoader worker … killed" on the first real batch. The PyTorch images document `--ipc=host`
 * or a larger `--shm-size` as the fix.
 */
export interface SharedMemoryChoice {
  /** `--shm-size` value (docker units: 512m, 2g …). */
  readonly shmSize?: string;
  /** `--ipc=host`: share the host's IPC namespace (and its /dev/shm) instead. */
  readonly ipcHost?: boolean;
}

/**
 * Setting `mldock.run.shmSize` and remembered answers: `auto` (a size for PyTorch images, Docker's
 * default otherwise), `host` (`--ipc=host`), `default` or empty (Docker's 64 MB), or a size.
 */
export type SharedMemorySetting = string;

const SIZE = /^(\d+(?:\.\d+)?)([kmgt]?)(?:i?b)?$/i;
const GIB = 1024 ** 3;

export function isValidShmSize(text: string): boolean {
  const m = SIZE.exec(text.trim());
  return !!m && Number(m[1]) > 0;
}

/** Frameworks whose data loaders need more than Docker's 64 MB of /dev/shm. */
export function needsSharedMemory(framework: string | undefined): boolean {
  return !!framework && /torch|lightning/i.test(framework);
}

/**
 * A quarter of the engine's memory, rounded down to a power of two and kept between 1 and 16 GiB
 * (shm is RAM: more buys nothing for a data loader and takes it from the model). Unknown memory: 2g.
 */
export function suggestShmSize(memTotalBytes?: number): string {
  if (!memTotalBytes || !Number.isFinite(memTotalBytes) || memTotalBytes <= 0) return '2g';
  const quarter = memTotalBytes / 4 / GIB;
  const pow = quarter < 1 ? 1 : 2 ** Math.floor(Math.log2(quarter));
  return `${Math.min(16, Math.max(1, pow))}g`;
}

/** The choice a setting or remembered answer makes for an image with `framework`. */
export function sharedMemoryFor(setting: SharedMemorySetting, framework: string | undefined, memTotalBytes?: number): SharedMemoryChoice {
  const value = setting.trim().toLowerCase();
  if (value === '' || value === 'default' || value === 'none') return {};
  if (value === 'host' || value === 'ipc=host' || value === '--ipc=host') return { ipcHost: true };
  if (value === 'auto') return needsSharedMemory(framework) ? { shmSize: suggestShmSize(memTotalBytes) } : {};
  return isValidShmSize(value) ? { shmSize: value } : {};
}

/** The text form a choice is remembered in (inverse of sharedMemoryFor for explicit choices). */
export function sharedMemoryText(choice: SharedMemoryChoice): string {
  if (choice.ipcHost) return 'host';
  return choice.shmSize ?? 'default';
}

export function describeSharedMemory(choice: SharedMemoryChoice): string {
  if (choice.ipcHost) return '--ipc=host (the host\'s shared memory)';
  if (choice.shmSize) return `--shm-size ${choice.shmSize}`;
  return 'Docker default (64 MB)';
}
