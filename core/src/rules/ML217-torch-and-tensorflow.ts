import { baseImageFacts } from '../knowledge/baseImages';
import { CONDA_TENSORFLOW, CONDA_TORCH, TENSORFLOW_FAMILY, TORCH_FAMILY } from '../knowledge/mlPackages';
import { normalizeName } from '../parse/requirement';
import type { Span } from '../model/types';
import { finalImageStages, rootImage } from './helpers';
import { pipInstallView } from './support/pipRequirements';
import type { Rule } from './types';

type Framework = 'PyTorch' | 'TensorFlow';

/** Each framework brings its own copy of the CUDA/cuDNN stack; images that need both are rare and huge. */
export const ML217: Rule = {
  id: 'ML217',
  title: 'Both PyTorch and TensorFlow installed in one image',
  defaultSeverity: 'info',
  summary: 'PyTorch and TensorFlow each ship their own CUDA/cuDNN libraries and many hundreds of MB of binaries (torch+CUDA ≈3.9 GB download, tensorflow ≈0.6 GB). If the service uses one of them, install only that one; otherwise consider separate images.',
  check(ctx) {
    const seen = new Map<Framework, { line: number; span: Span | undefined }>();
    for (const stage of finalImageStages(ctx.doc)) {
      const family = rootImage(stage) && baseImageFacts(rootImage(stage)!)?.family;
      if (family === 'pytorch' && !seen.has('PyTorch')) seen.set('PyTorch', { line: stage.from.startLine + 1, span: undefined });
      if (family === 'tensorflow' && !seen.has('TensorFlow')) seen.set('TensorFlow', { line: stage.from.startLine + 1, span: undefined });
      for (const instruction of stage.instructions) {
        for (const info of instruction.commands) {
          const names: { name: string; span: Span; conda: boolean }[] = [];
          if (info.pip?.subcommand === 'install') {
            for (const r of pipInstallView(ctx, stage, instruction, info.pip).requirements) names.push({ name: r.requirement.name, span: r.span, conda: false });
          }
          if (info.conda && ['install', 'create'].includes(info.conda.subcommand)) {
            for (const w of info.conda.specs) names.push({ name: normalizeName(w.value.replace(/^[\w.-]+::/, '').split(/[=<>!~ ]/)[0] ?? ''), span: w, conda: true });
          }
          for (const n of names) {
            const framework = frameworkOf(n.name, n.conda);
            if (framework && !seen.has(framework)) seen.set(framework, { line: ctx.doc.lines.positionAt(n.span.start).line + 1, span: { start: n.span.start, end: n.span.end } });
          }
        }
      }
    }
    const torch = seen.get('PyTorch');
    const tf = seen.get('TensorFlow');
    if (!torch || !tf) return [];
    const later = torch.line > tf.line ? torch : tf;
    const earlier = later === torch ? tf : torch;
    const span = later.span ?? earlier.span;
    if (!span) return [];
    return [{
      ruleId: 'ML217',
      span,
      message: `This image gets both PyTorch and TensorFlow (lines ${Math.min(torch.line, tf.line)} and ${Math.max(torch.line, tf.line)}): each brings its own CUDA/cuDNN and hundreds of MB of binaries. Install only the framework the service uses, or build one image per framework.`,
    }];
  },
};

function frameworkOf(name: string, conda: boolean): Framework | undefined {
  if (conda ? CONDA_TORCH.has(name) : TORCH_FAMILY.has(name)) return 'PyTorch';
  if (conda ? CONDA_TENSORFLOW.has(name) : TENSORFLOW_FAMILY.has(name)) return 'TensorFlow';
  return undefined;
}
