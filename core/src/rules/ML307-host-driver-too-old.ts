import { hostDriver } from '../config/settings';
import { driverAtLeast, driverForCuda, knownToolkitReleases, wheelDriverFloor } from '../knowledge/cudaDrivers';
import { torchRelease } from '../knowledge/torch';
import { cudaOfVariant, majorMinor } from '../knowledge/versions';
import { finalImageStages } from './helpers';
import { stageImage } from './mlStage';
import { pipInstalls } from './pipPins';
import { describePin, variantOfPin } from './torchPins';
import type { Finding, Rule } from './types';

/**
 * The final image needs a newer NVIDIA driver than the host has. nvidia/cuda images refuse to start
 * (NVIDIA_REQUIRE_CUDA); pip CUDA wheels need at least their major's minor-version-compatibility driver.
 * Silent unless a host driver is configured (`mldock.gpu.hostDriverVersion`) or detected with nvidia-smi.
 */
export const ML307: Rule = {
  id: 'ML307',
  title: "The image's CUDA needs a newer host driver than the configured or detected one",
  defaultSeverity: 'warning',
  summary: 'Each CUDA release needs a minimum NVIDIA driver on the host. nvidia/cuda images check it at start ("unsatisfied condition: cuda>=12.4"); CUDA wheels fail with "CUDA driver version is insufficient". MLDock compares against mldock.gpu.hostDriverVersion or the driver nvidia-smi reports.',
  check({ doc, settings, workspace }) {
    const host = hostDriver(settings.gpu);
    if (!host) return [];
    const from = host.source === 'setting' ? 'the configured host driver (mldock.gpu.hostDriverVersion)' : "this machine's driver (nvidia-smi)";
    const findings: Finding[] = [];
    const finalStages = new Set(finalImageStages(doc));
    const final = doc.finalStage;
    const img = final ? stageImage(final) : undefined;
    const cuda = img?.facts.cuda;
    if (img && cuda && cuda.libs === 'system') {
      // NVIDIA_REQUIRE_CUDA=cuda>=X.Y: any driver that supports the CUDA minor (its GA driver) starts the container.
      const need = driverForCuda(majorMinor(cuda.version) ?? cuda.version);
      const floor = need?.linux ?? need?.atLeast;
      if (floor && !driverAtLeast(host.version, floor)) {
        findings.push({
          ruleId: 'ML307',
          span: doc.stages[img.from.stageIndex]?.imageSpan ?? img.from.keywordSpan,
          message: `\`${img.image.raw}\` needs NVIDIA driver ≥ ${floor}${need?.linux ? '' : ' (at least; the exact minimum is unknown to MLDock)'} for CUDA ${majorMinor(cuda.version)}, but ${from} is ${host.version}: the container refuses to start ("unsatisfied condition: cuda>=${majorMinor(cuda.version)}").${newestCudaFor(host.version)} Upgrade the driver or use an older CUDA image (data-center GPUs can also use the cuda-compat package).`,
        });
      }
    }
    for (const install of pipInstalls(doc, workspace)) {
      if (!finalStages.has(install.stage)) continue;
      for (const pin of install.pins) {
        if (pin.name !== 'torch' || !pin.requirement.version) continue;
        const release = torchRelease(pin.requirement.version);
        const pinned = variantOfPin(doc, pin, release);
        const wheelCuda = pinned ? cudaOfVariant(pinned.variant) : undefined;
        const floor = wheelCuda ? wheelDriverFloor(wheelCuda) : undefined;
        if (!wheelCuda || !floor || driverAtLeast(host.version, floor)) continue;
        findings.push({
          ruleId: 'ML307',
          span: pin.anchor,
          message: `${describePin(pin)} installs CUDA ${wheelCuda} wheels${pinned!.source === 'pypi' ? ' (the default on PyPI)' : ''}, which need NVIDIA driver ≥ ${floor}, but ${from} is ${host.version}: torch.cuda.is_available() returns False ("the NVIDIA driver on your system is too old").${newestCudaFor(host.version)}`,
        });
      }
    }
    return findings;
  },
};

/** " This driver runs CUDA up to 12.2." — the newest toolkit whose minimum the driver meets. */
function newestCudaFor(driver: string): string {
  const newest = knownToolkitReleases().find((v) => {
    const need = driverForCuda(v)?.linux;
    return need !== undefined && driverAtLeast(driver, need);
  });
  return newest ? ` Driver ${driver} runs CUDA images up to ${majorMinor(newest)}.` : '';
}
