import { packageSourceUrls, parseRequirementsFile } from '../parse/requirementsFile';
import { requirementHover } from './requirementHover';
import { heading } from './markdown';

const ML_PACKAGES = new Set(['torch', 'torchvision', 'torchaudio', 'tensorflow', 'tensorflow-cpu', 'tensorflow-gpu', 'jax', 'jaxlib']);

/** Markdown for a copied requirements file: what MLDock knows about the ML packages it pins. */
export function requirementsFileHover(path: string, text: string): string | undefined {
  const parsed = parseRequirementsFile(text);
  const { requirements } = parsed;
  const indexUrls = packageSourceUrls(parsed);
  const ml = requirements.filter((r) => ML_PACKAGES.has(r.requirement.name));
  if (ml.length === 0) return undefined;
  const parts = [heading(`${path}: ${ml.length} ML package${ml.length > 1 ? 's' : ''}`)];
  if (indexUrls.length > 0) parts.push(`Index options in the file: ${indexUrls.map((u) => `\`${u}\``).join(', ')}`);
  for (const r of ml) {
    const hover = requirementHover(r.requirement);
    if (hover) parts.push(`Line ${r.line + 1}: \`${r.requirement.raw.trim()}\`\n\n${hover}`);
  }
  return parts.join('\n\n---\n\n');
}
