import { cudaTagExists } from '../knowledge/cudaImages';
import { decodePytorchTag, pytorchTagPlausible } from '../knowledge/frameworkImages';
import { stageAncestry } from '../model/stages';
import { findVariableReferences } from '../parse/variables';
import type { ImageRef } from '../parse/imageRef';
import type { AnalyzedDocument, Span, Stage } from '../model/types';
import { CUDA_IMAGE_NAMES } from './ML301-cuda-tag-exists';
import { stageImage } from './mlStage';
import { buildStep, runtimeCompilation } from './support/cudaCompilation';
import type { Rule } from './types';

interface Data {
  /** The `devel` word to replace with `runtime`: in the FROM line or in the global ARG default that supplies the tag. */
  readonly flavor: Span | undefined;
  readonly runtimeRef: string | undefined;
}

/** `FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04` as the image that ships: nvcc and headers go to production. */
export const ML302: Rule<Data> = {
  id: 'ML302',
  title: '`-devel` CUDA image in the final stage',
  defaultSeverity: 'warning',
  summary: 'CUDA `-devel` images add nvcc, the CUDA headers and static libraries to the `-runtime` image: 1.5 GB or more (2.6 GB vs 1.1 GB for CUDA 9.0 with cuDNN; 12.x devel images weigh 3–5 GB), pulled by every machine that runs the image and unused there. Compile in a devel builder stage and ship a `-runtime` stage.',
  check({ doc, workspace }) {
    const final = doc.finalStage;
    const img = final && stageImage(final);
    if (!final?.imageSpan || img?.facts.cuda?.flavor !== 'devel') return [];
    const chain = stageAncestry(final);
    if (runtimeCompilation(doc, withCopiedStages(chain), workspace)) return [];
    const root = chain.at(-1)!;
    const runtimeTag = runtimeTagFor(img.image);
    const runtimeRef = runtimeTag && `${img.image.name}:${runtimeTag}`;
    const build = buildStep(doc, chain, workspace);
    const shared = doc.stages.some((s) => !chain.includes(s) && stageAncestry(s).includes(root));
    const via = final === root ? '' : ` (through \`FROM ${final.imageText}\`)`;
    const target = runtimeRef ? `\`${runtimeRef}\`` : 'the matching `-runtime` image';
    let advice: string;
    if (build) {
      advice = `This image also compiles during the build (${build.what} on line ${build.instruction.startLine + 1}): do that in a builder stage on the devel image and copy the result into a final stage on ${target}.`;
    } else if (shared) {
      advice = `Other stages build on \`${root.name ?? root.imageText}\` too: start the final stage from ${target} and copy in what it needs.`;
    } else {
      advice = `Nothing in it compiles CUDA code: ${target} has the same CUDA libraries${img.facts.cuda.cudnn ? ' and cuDNN' : ''} without the compiler.`;
    }
    const fixable = !build && !shared && runtimeTag !== undefined && !img.image.digest;
    return [{
      ruleId: 'ML302',
      span: final.imageSpan,
      message: `The image that ships is built on \`${img.image.raw}\`${via}, a devel image: nvcc, CUDA headers and static libraries (≈ 1.5 GB or more on top of runtime) go to every machine that runs it. ${advice}`,
      data: { flavor: fixable ? flavorWord(doc, root) : undefined, runtimeRef },
    }];
  },
  fix(finding) {
    const { flavor, runtimeRef } = finding.data ?? { flavor: undefined, runtimeRef: undefined };
    if (!flavor || !runtimeRef) return [];
    return [{ title: `Use ${runtimeRef} for the final image`, edits: [{ start: flavor.start, end: flavor.end, newText: 'runtime' }], preferred: true }];
  },
};

/** The same image with `runtime` for `devel`, when MLDock knows that tag exists. */
function runtimeTagFor(image: ImageRef): string | undefined {
  const tag = image.tag?.replace(/(?<=-)devel(?=-|$)/, 'runtime');
  if (!tag || tag === image.tag) return undefined;
  if (CUDA_IMAGE_NAMES.has(image.name)) return cudaTagExists(tag) ? tag : undefined;
  if (image.name === 'pytorch/pytorch') {
    const decoded = decodePytorchTag(tag);
    return decoded && pytorchTagPlausible(decoded) === true ? tag : undefined;
  }
  return undefined;
}

/** Where `devel` is written for this stage's image: once in its FROM, or in the default of the one global ARG that only this FROM uses. */
function flavorWord(doc: AnalyzedDocument, stage: Stage): Span | undefined {
  const span = stage.imageSpan!;
  const refs = findVariableReferences(stage.imageText, doc.escapeChar);
  const inFrom = develWords(stage.imageText).filter((i) => !refs.some((r) => r.start <= i && i < r.end));
  if (inFrom.length === 1) return { start: span.start + inFrom[0]!, end: span.start + inFrom[0]! + 5 };
  if (inFrom.length > 0 || refs.length !== 1) return undefined;
  const name = refs[0]!.name;
  const arg = [...doc.globalArgs].reverse().find((a) => a.name === name);
  const valueSpan = arg?.property.valueSpan;
  const usedElsewhere = doc.stages.some((s) => s !== stage && findVariableReferences(s.imageText, doc.escapeChar).some((r) => r.name === name));
  if (!valueSpan || usedElsewhere || arg.defaultValue?.includes('$')) return undefined;
  const inArg = develWords(doc.text.slice(valueSpan.start, valueSpan.end));
  return inArg.length === 1 ? { start: valueSpan.start + inArg[0]!, end: valueSpan.start + inArg[0]! + 5 } : undefined;
}

function develWords(text: string): number[] {
  return [...text.matchAll(/(?<=[:-])devel(?=[-"']|$)/g)].map((m) => m.index!);
}

/** The stages whose files end up in the image: its FROM chain and, transitively, the stages they copy from. */
function withCopiedStages(chain: readonly Stage[]): Stage[] {
  const seen = new Set<Stage>(chain);
  const queue = [...chain];
  for (let s = queue.shift(); s; s = queue.shift()) {
    for (const ref of s.copiesFrom) {
      for (const t of ref.stage ? stageAncestry(ref.stage) : []) {
        if (!seen.has(t)) {
          seen.add(t);
          queue.push(t);
        }
      }
    }
  }
  return [...seen];
}
