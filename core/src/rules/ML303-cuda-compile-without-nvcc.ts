import { normalizeName } from '../parse/requirement';
import type { Instruction, Stage } from '../model/types';
import { hasNvcc, stageImage } from './mlStage';
import { pipInstalls } from './pipPins';
import { SOURCE_BUILDS, SOURCE_REPOS, skipsCudaBuild } from './support/cudaCompilation';
import type { Finding, Rule } from './types';

/** `FROM nvidia/cuda:…-runtime` + `pip install flash-attn`: there is no nvcc, the build fails. */
export const ML303: Rule = {
  id: 'ML303',
  title: 'CUDA compilation on a `-runtime`/`-base` image that has no nvcc',
  defaultSeverity: 'error',
  summary: 'Only `-devel` CUDA images contain nvcc and the CUDA headers. Compiling CUDA code (nvcc, flash-attn and other extensions built from source) on a runtime or base image fails ("nvcc: not found", "CUDA_HOME environment variable is not set"). Build in a devel stage and copy the result.',
  check({ doc, workspace }) {
    const findings: Finding[] = [];
    const report = (stage: Stage, instruction: Instruction, span: { start: number; end: number }, what: string) => {
      if (hasNvcc(stage, instruction) !== false) return;
      const img = stageImage(stage)!;
      findings.push({
        ruleId: 'ML303',
        span,
        message: `${what}, but \`${img.image.raw}\` is a ${img.facts.cuda!.flavor} image without nvcc or CUDA headers, so the build fails. Compile in a stage on the matching \`-devel\` image and copy the result (or install a prebuilt wheel).`,
      });
    };
    for (const stage of doc.stages) {
      if (!stageImage(stage)?.facts.cuda) continue;
      for (const instruction of stage.instructions) {
        for (const info of instruction.commands) {
          if (info.program.name === 'nvcc' && info.program.word) report(stage, instruction, info.program.word, '`nvcc` compiles CUDA code');
        }
      }
    }
    for (const install of pipInstalls(doc, workspace)) {
      if (!stageImage(install.stage)?.facts.cuda || skipsCudaBuild(doc, install.info, install.instruction)) continue;
      for (const pin of install.pins) {
        if (SOURCE_BUILDS.has(normalizeName(pin.name))) report(install.stage, install.instruction, pin.anchor, `\`${pin.name}\` has no prebuilt wheel on PyPI and compiles CUDA kernels when pip installs it`);
      }
      for (const { requirement, word } of install.pip.requirements) {
        if (requirement.kind === 'url' && SOURCE_REPOS.test(requirement.raw) && !/\.whl(\W|$)/.test(requirement.raw)) {
          report(install.stage, install.instruction, word, `\`${requirement.raw}\` builds CUDA extensions from source`);
        }
      }
    }
    return findings;
  },
};
