import { compareVersions } from './versions';

/** GPU architectures: `sm_90` / `9.0` / `compute_90` names, product generations, and whether a build runs on them. */
export const ARCH_NAMES: Readonly<Record<string, string>> = {
  '3.5': 'Kepler', '3.7': 'Kepler: K80', '5.0': 'Maxwell', '5.2': 'Maxwell', '6.0': 'Pascal: P100', '6.1': 'Pascal',
  '7.0': 'Volta: V100', '7.5': 'Turing: T4, RTX 20', '8.0': 'Ampere: A100', '8.6': 'Ampere: RTX 30, A10', '8.7': 'Ampere: Jetson Orin',
  '8.9': 'Ada: L4, L40, RTX 40', '9.0': 'Hopper: H100, H200', '10.0': 'Blackwell: B200, GB200', '10.3': 'Blackwell Ultra: B300',
  '12.0': 'Blackwell: RTX 50, RTX PRO 6000', '12.1': 'Blackwell: DGX Spark',
};

/** `sm_90`, `sm_90a`, `compute_90`, `9.0`, `90` → `9.0`; undefined when not an architecture. */
export function parseArch(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  const dotted = /^(\d{1,2})\.(\d)$/.exec(t);
  if (dotted) return `${Number(dotted[1])}.${dotted[2]}`;
  const sm = /^(?:sm_|compute_)?(\d{1,2})(\d)[af]?$/.exec(t);
  return sm ? `${Number(sm[1])}.${sm[2]}` : undefined;
}

export function archLabel(arch: string): string {
  return `sm_${arch.replace('.', '')}${ARCH_NAMES[arch] ? ` (${ARCH_NAMES[arch]})` : ''}`;
}

/**
 * A GPU of capability `target` runs kernels compiled for the same major with a minor not above its own
 * (cubin binary compatibility), or JIT-compiles PTX for any capability not above its own.
 */
export function archRuns(target: string, compiled: readonly string[], ptx: string | undefined): boolean {
  const [tm] = target.split('.');
  for (const c of compiled) {
    const [cm] = c.split('.');
    if (cm === tm && compareVersions(c, target) <= 0) return true;
  }
  return ptx !== undefined && compareVersions(ptx, target) <= 0;
}
