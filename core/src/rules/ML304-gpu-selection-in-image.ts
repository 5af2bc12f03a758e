import { lookupStageVariable, resolveGlobalArgs } from '../model/stages';
import { substituteVariables } from '../parse/variables';
import type { Instruction, Property, Stage } from '../model/types';
import { finalImageStages } from './helpers';
import { removeProperties } from './support/envEdits';
import type { Finding, Rule } from './types';

interface Data {
  readonly instruction: number;
  readonly names: readonly string[];
}

const GPU_SELECTORS = ['CUDA_VISIBLE_DEVICES', 'NVIDIA_VISIBLE_DEVICES'];

/**
 * Specific devices: indexes, GPU/MIG UUIDs. `all`, `none`, `void` and empty (what NVIDIA's images set, or
 * "no GPU") and `-1` (hide every GPU) select no particular machine's GPUs.
 */
const DEVICE_LIST = /^\s*(\d+|GPU-[0-9a-f-]+|MIG-[\w/-]+)(\s*,\s*(\d+|GPU-[0-9a-f-]+|MIG-[\w/-]+))*\s*$/i;

/** `ENV CUDA_VISIBLE_DEVICES=0`: every container of the image uses GPU 0, whatever `--gpus` says. */
export const ML304: Rule<Data> = {
  id: 'ML304',
  title: 'GPU selection baked into the image',
  defaultSeverity: 'warning',
  summary: '`ENV CUDA_VISIBLE_DEVICES=0` or `NVIDIA_VISIBLE_DEVICES=0,1` fixes which GPUs every container of the image uses. On another machine, or next to other jobs, the wrong GPU is used or none at all. Choose GPUs when the container starts (`docker run --gpus`, Compose `device_ids`, Kubernetes resources).',
  check({ doc }) {
    const findings: Finding<Data>[] = [];
    const globals = resolveGlobalArgs(doc.globalArgs);
    for (const stage of finalImageStages(doc)) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'ENV') continue;
        const baked = instruction.properties.filter((p) => GPU_SELECTORS.includes(p.name) && selectsDevices(stage, instruction, p, globals));
        if (baked.length === 0) continue;
        const first = baked[0]!;
        const written = baked.map((p) => `\`${doc.text.slice(p.nameSpan.start, p.valueSpan!.end)}\``).join(' and ');
        findings.push({
          ruleId: 'ML304',
          span: { start: first.nameSpan.start, end: first.valueSpan!.end },
          message: `${written} ${baked.length > 1 ? 'bake' : 'bakes'} the GPU choice into the image: every container is pinned to the same device indexes whatever GPUs \`docker run --gpus\` or the scheduler assigns, so containers pile onto one GPU, multi-GPU jobs get fewer, and an index that is not there leaves the program without a GPU. Remove it and choose GPUs when the container starts (\`docker run --gpus '"device=0"'\`, Compose \`device_ids\`, Kubernetes \`nvidia.com/gpu\`).`,
          data: { instruction: instruction.index, names: baked.map((p) => p.name) },
        });
      }
    }
    return findings;
  },
  fix(finding, { doc }) {
    const instruction = finding.data && doc.instructions[finding.data.instruction];
    if (!instruction || instruction.keyword !== 'ENV') return [];
    const edits = removeProperties(doc, instruction, new Set(finding.data!.names));
    return edits ? [{ title: `Remove ${finding.data!.names.join(' and ')} from the image (choose GPUs at run time)`, edits, preferred: true }] : [];
  },
};

/** The value, with build-time variables resolved, names particular devices. Unknown values are not judged. */
function selectsDevices(stage: Stage, instruction: Instruction, p: Property, globals: ReadonlyMap<string, string | undefined>): boolean {
  if (!p.valueSpan || p.value === undefined) return false;
  const resolved = substituteVariables(p.value, (name) => lookupStageVariable(stage, name, instruction.index, globals));
  return resolved.unresolved.length === 0 && DEVICE_LIST.test(resolved.value);
}
