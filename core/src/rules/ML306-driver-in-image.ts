import { DRIVER_RUNFILE, driverPackage } from '../knowledge/nvidiaDriverPackages';
import type { AnalyzedDocument, CommandInfo, Stage } from '../model/types';
import { finalImageStages } from './helpers';
import type { Finding, Rule } from './types';

const WHY = 'The driver belongs on the host: the NVIDIA Container Toolkit mounts the host driver\'s libraries into the container at `docker run --gpus`. A copy in the image is dead weight when shadowed, and when it wins and its version differs from the host\'s kernel module CUDA fails ("Failed to initialize NVML: Driver/library version mismatch", CUDA error 803).';

/** `apt-get install nvidia-driver-535` in an image: the container's libcuda no longer matches the host kernel module. */
export const ML306: Rule = {
  id: 'ML306',
  title: 'NVIDIA driver installed inside the image',
  defaultSeverity: 'error',
  summary: 'The NVIDIA driver (kernel module and its version-locked libraries: libcuda, libnvidia-ml) must come from the host, where the NVIDIA Container Toolkit mounts it into the container. Driver packages in the image (`nvidia-driver-*`, `cuda-drivers`, `libnvidia-*`, or the `cuda`/`cuda-X-Y` meta-packages, which pull the driver) break CUDA when their version differs from the host\'s.',
  check({ doc }) {
    const stages = finalImageStages(doc);
    if (isDriverContainer(doc, stages)) return [];
    const findings: Finding[] = [];
    for (const stage of stages) {
      for (const instruction of stage.instructions) {
        for (const info of instruction.commands) {
          for (const { name, word } of installedPackages(info)) {
            const driver = driverPackage(name);
            if (!driver) continue;
            const instead = driver.instead ? ` Install \`${driver.instead}\` instead (the toolkit without the driver).` : ' Remove it.';
            findings.push({ ruleId: 'ML306', span: word, message: `\`${name}\` installs ${driver.what} inside the image. ${WHY}${instead}` });
          }
          const installer = driverInstaller(info);
          if (installer) {
            findings.push({ ruleId: 'ML306', span: installer, message: `This runs the NVIDIA driver installer inside the image. ${WHY} Remove it (use the CUDA runfile with \`--toolkit\` only when you need the toolkit).` });
          }
        }
      }
    }
    return findings;
  },
};

function installedPackages(info: CommandInfo) {
  if (info.apt && ['install', 'reinstall'].includes(info.apt.subcommand)) return info.apt.packages;
  if (info.rpm && /^(install|reinstall|groupinstall|module install)$/.test(info.rpm.subcommand)) return info.rpm.packages;
  return [];
}

/** `sh NVIDIA-Linux-x86_64-550.54.15.run`, `./cuda_12.4.1_550.54.15_linux.run --silent --driver`, `nvidia-installer`. */
function driverInstaller(info: CommandInfo) {
  const { name, word, args } = info.program;
  if (!word) return undefined;
  const script = /^(sh|bash|dash)$/.test(name) ? args.find((a) => !a.value.startsWith('-')) : word;
  if (!script) return undefined;
  if (name === 'nvidia-installer' || DRIVER_RUNFILE.test(script.value)) return { start: word.start, end: script.end };
  if (/cuda_[\d.]+_[\d.]+_linux(_\w+)?\.run$/.test(script.value) && args.some((a) => a.value === '--driver')) return { start: word.start, end: script.end };
  return undefined;
}

/**
 * NVIDIA's GPU Operator driver containers install the driver on purpose: they run the `nvidia-driver`
 * entrypoint script and are built per host kernel (`KERNEL_VERSION`).
 */
function isDriverContainer(doc: AnalyzedDocument, stages: readonly Stage[]): boolean {
  if (doc.globalArgs.some((a) => a.name === 'KERNEL_VERSION')) return true;
  return stages.some((s) => s.args.some((a) => a.name === 'KERNEL_VERSION') || s.env.some((e) => e.name === 'KERNEL_VERSION')
    || s.instructions.some((i) => (i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD') && entrypointProgram(i.execForm?.[0]?.value ?? i.commands[0]?.program.name) === 'nvidia-driver'));
}

function entrypointProgram(value: string | undefined): string | undefined {
  return value?.replace(/^.*\//, '');
}
