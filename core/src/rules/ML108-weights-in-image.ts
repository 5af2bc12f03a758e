import * as posix from 'node:path/posix';
import { copyPaths } from '../model/paths';
import { finalImageStages } from './helpers';
import type { Finding, Rule } from './types';

const WEIGHT_FILE = /\.(pt|pth|ckpt|safetensors|bin|h5|hdf5|onnx|gguf|tflite|pb|keras)$/i;
const DATA_DIR = /^(data|datasets?|checkpoints?|weights)$/i;

/**
 * Weights and datasets copied from the build context make every image as big as the model and tie a
 * model update to a code release (and the whole context upload to the builder).
 */
export const ML108: Rule = {
  id: 'ML108',
  title: 'Model weights or datasets copied into the image',
  defaultSeverity: 'info',
  summary: 'Copying checkpoints or datasets from the build context puts gigabytes into an image layer, re-uploads them to the builder on every build, and couples model and code releases. Consider a model stage, a versioned download with a checksum, or a volume/mount at run time.',
  check({ doc }) {
    const findings: Finding[] = [];
    for (const stage of finalImageStages(doc)) {
      for (const instruction of stage.instructions) {
        const paths = copyPaths(doc, instruction);
        if (!paths || paths.fromOther) continue;
        for (const source of paths.sources) {
          if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source.value) || source.value.includes('$')) continue;
          const name = posix.basename(source.value.replace(/\/+$/, ''));
          const kind = WEIGHT_FILE.test(name) ? 'model weights' : DATA_DIR.test(name) ? 'a data or checkpoint directory' : undefined;
          if (!kind) continue;
          findings.push({
            ruleId: 'ML108',
            span: { start: source.start, end: source.end },
            message: `\`${source.value}\` looks like ${kind}: copied from the build context it is uploaded on every build and stored in this image layer. Consider a separate model stage, a versioned download with a checksum, or mounting it at run time.`,
          });
        }
      }
    }
    return findings;
  },
};
