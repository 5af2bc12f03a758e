import { copyPaths } from '../model/paths';
import type { AnalyzedDocument, Instruction } from '../model/types';
import type { WorkspaceView } from '../workspace';
import { dockerignoreMatcher } from './support/dockerignore';
import type { Finding, Rule } from './types';

/** What an ML project keeps next to its code and should never send to the builder. */
const HEAVY_DIRS = new Set(['.git', 'data', 'datasets', 'dataset', 'checkpoints', 'weights', 'wandb', 'mlruns', 'lightning_logs', 'outputs', 'runs', 'node_modules', '.ipynb_checkpoints']);
const WEIGHTS = /\.(pt|pth|ckpt|safetensors|bin|h5|onnx|gguf|pkl|joblib|npz|parquet|tar|tar\.gz|zip)$/i;

/**
 * `COPY . .` sends the whole directory to the builder and into the image; without a `.dockerignore`
 * that includes the git history, virtualenvs, datasets, checkpoints and `.env` secrets.
 */
export const ML107: Rule = {
  id: 'ML107',
  title: 'No `.dockerignore` (or one missing `.git`, virtualenvs, data and weights) while the whole context is copied',
  defaultSeverity: 'warning',
  summary: '`COPY . .` copies everything the build context holds. Without a `.dockerignore` that means the git history, virtualenvs, datasets and model checkpoints (often gigabytes) and `.env` files, all uploaded on every build and baked into the image.',
  check({ doc, workspace }) {
    if (!workspace) return [];
    const copy = doc.instructions.find((i) => copiesWholeContext(doc, i));
    if (!copy) return [];
    const heavy = heavyEntries(workspace);
    const names = [workspace.dockerfileName && `${workspace.dockerfileName}.dockerignore`, '.dockerignore'].filter((n): n is string => !!n);
    const ignoreName = names.find((n) => workspace.exists(n));
    const span = { start: copy.start, end: doc.lines.lineEnd(copy.startLine) };
    if (!ignoreName) {
      // The context may be a parent directory (`docker build -f docker/Dockerfile .`) that has its own file.
      if (workspace.exists('../.dockerignore') || workspace.exists('../../.dockerignore')) return [];
      const found = heavy.length > 0 ? ` Here that includes ${list(heavy)}.` : '';
      return [finding(span, `There is no .dockerignore next to this Dockerfile, so \`${copy.keyword} ${copy.args.trim()}\` sends the whole directory (git history, virtualenvs, datasets, checkpoints, .env files) to the builder and into the image.${found} Add a .dockerignore.`)];
    }
    const excluded = dockerignoreMatcher(workspace.readFile(ignoreName) ?? '');
    const missing = heavy.filter((h) => !excluded(h));
    if (missing.length === 0) return [];
    return [finding(span, `${ignoreName} does not exclude ${list(missing)}, so \`${copy.keyword} ${copy.args.trim()}\` uploads ${missing.length > 1 ? 'them' : 'it'} on every build and copies ${missing.length > 1 ? 'them' : 'it'} into the image. Add ${missing.length > 1 ? 'them' : 'it'} to ${ignoreName}.`)];
  },
};

function finding(span: { start: number; end: number }, message: string): Finding {
  return { ruleId: 'ML107', span, message };
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, 5).map((n) => `\`${n}\``);
  return names.length > 5 ? `${shown.join(', ')} and ${names.length - 5} more` : shown.join(', ');
}

function copiesWholeContext(doc: AnalyzedDocument, instruction: Instruction): boolean {
  const paths = copyPaths(doc, instruction);
  return !!paths && !paths.fromOther && paths.sources.some((s) => /^\.?\/?\*?$/.test(s.value));
}

/** Top-level entries of the context that are version control, environments, data or weights. */
function heavyEntries(workspace: WorkspaceView): string[] {
  const entries = workspace.listDir?.('.');
  if (!entries) return ['.git', '.venv', 'venv', '.env'].filter((n) => workspace.exists(n));
  return entries.flatMap((entry) => {
    const isDir = entry.endsWith('/');
    const name = isDir ? entry.slice(0, -1) : entry;
    if (isDir && (HEAVY_DIRS.has(name) || workspace.exists(`${name}/pyvenv.cfg`) || name === '.venv')) return [name];
    if (!isDir && (WEIGHTS.test(name) || name === '.env' || name === '.git')) return [name];
    return [];
  });
}
