import { stageAncestry } from '../model/stages';
import type { AnalyzedDocument, Instruction, Property, Stage } from '../model/types';
import { findVariableReferences } from '../parse/variables';
import type { SecretData } from './ML402-secret-in-env-arg';
import type { OffsetEdit } from './types';

/** Tools that read a credential from the environment without naming it (huggingface-cli reads HF_TOKEN). */
const TOOL_READS: Readonly<Record<string, RegExp>> = {
  'huggingface-cli': /^(HF_TOKEN|HF_API_TOKEN|HUGGING_FACE_HUB_TOKEN|HUGGINGFACE_HUB_TOKEN)$/,
  hf: /^(HF_TOKEN|HF_API_TOKEN|HUGGING_FACE_HUB_TOKEN|HUGGINGFACE_HUB_TOKEN)$/,
  wandb: /^WANDB_/, aws: /^AWS_/, dvc: /^(AWS_|AZURE_|GOOGLE_|GDRIVE_)/, gsutil: /^(GOOGLE_|CLOUDSDK_)/,
  gcloud: /^(GOOGLE_|CLOUDSDK_)/, az: /^AZURE_/, gh: /^(GH|GITHUB)_(ENTERPRISE_)?TOKEN$/, kaggle: /^KAGGLE_/,
  mlflow: /^MLFLOW_/, ngc: /^NGC_/,
};

/** Python programs and shell scripts may read any variable. */
function mayRead(program: string, name: string): boolean {
  return /^python[\d.]*$/.test(program) || program.endsWith('.sh') || (TOOL_READS[program]?.test(name) ?? false);
}

/**
 * ML402's fix: drop the ARG/ENV and give each RUN that used it the secret through a BuildKit secret
 * mount. With Dockerfile syntax 1.10+ (`env=`) the RUN itself is untouched; with an older pinned
 * syntax the RUN reads the mounted file. The secret's value never appears in the edits.
 */
export function secretFix(doc: AnalyzedDocument, instruction: Instruction, property: Property, flagged: ReadonlySet<Property>): SecretData {
  const name = property.name;
  const id = name.toLowerCase();
  const edits: OffsetEdit[] = [removal(doc, instruction, property, flagged)];
  const modern = supportsSecretEnv(doc);
  for (const run of consumers(doc, instruction, property)) {
    const at = run.flags[0]?.start ?? run.argsSpan!.start;
    if (modern) {
      edits.push({ start: at, end: at, newText: `--mount=type=secret,id=${id},env=${name} ` });
    } else if (run.heredocs.length === 0 && !run.execForm) {
      const script = run.argsSpan!.start;
      const mount = `--mount=type=secret,id=${id} `;
      const read = `export ${name}="$(cat /run/secrets/${id})" && `;
      if (at === script) edits.push({ start: at, end: at, newText: mount + read });
      else edits.push({ start: at, end: at, newText: mount }, { start: script, end: script, newText: read });
    }
  }
  const title = edits.length > 1 ? `Pass ${name} as a BuildKit secret` : `Remove ${name} from the image (pass it at run time)`;
  return { name, title, edits };
}

/** Deletes the property; the whole instruction when every property in it is a secret. Edits of sibling findings never overlap. */
function removal(doc: AnalyzedDocument, instruction: Instruction, property: Property, flagged: ReadonlySet<Property>): OffsetEdit {
  const props = instruction.properties;
  const i = props.indexOf(property);
  const end = (p: Property) => p.valueSpan?.end ?? p.nameSpan.end;
  if (props.every((p) => flagged.has(p))) {
    const start = doc.lines.lineStart(instruction.startLine);
    const next = instruction.endLine + 1 < doc.lines.lineCount ? doc.lines.lineStart(instruction.endLine + 1) : doc.text.length;
    return { start, end: next, newText: '' };
  }
  if (props.slice(i + 1).some((p) => !flagged.has(p))) return { start: property.nameSpan.start, end: props[i + 1]!.nameSpan.start, newText: '' };
  return { start: end(props[i - 1]!), end: end(property), newText: '' };
}

/** RUNs that see this declaration (not a later one of the same name) and use it, by name or through a tool that reads it. */
function consumers(doc: AnalyzedDocument, declaration: Instruction, property: Property): Instruction[] {
  const stage = doc.stages[declaration.stageIndex];
  if (!stage) return [];
  const runs: Instruction[] = [];
  for (const s of doc.stages) {
    if (s !== stage && !(declaration.keyword === 'ENV' && stageAncestry(s).includes(stage))) continue;
    for (const run of s.instructions) {
      if (run.keyword !== 'RUN' || run.index < declaration.index || !run.argsSpan) continue;
      if (nearestDeclaration(s, run, property.name) !== property) continue;
      if (hasSecretMount(run, property.name)) continue;
      const named = findVariableReferences(run.args).some((r) => r.name === property.name);
      if (named || run.commands.some((c) => mayRead(c.program.name, property.name))) runs.push(run);
    }
  }
  return runs;
}

function nearestDeclaration(stage: Stage, before: Instruction, name: string): Property | undefined {
  let envOnly = false;
  for (const s of stageAncestry(stage)) {
    const found = s.instructions
      .filter((i) => (i.keyword === 'ENV' || (!envOnly && i.keyword === 'ARG')) && (s !== stage || i.index < before.index))
      .flatMap((i) => i.properties.filter((p) => p.name === name)).at(-1);
    if (found) return found;
    envOnly = true;
  }
  return undefined;
}

function hasSecretMount(run: Instruction, name: string): boolean {
  return run.flags.some((f) => f.name === 'mount' && f.options.some((o) => o.name === 'type' && o.value === 'secret') &&
    f.options.some((o) => (o.name === 'env' && o.value === name) || (o.name === 'id' && o.value === name.toLowerCase())));
}

/** `env=` on secret mounts needs Dockerfile syntax 1.10+; a `# syntax=` pinned below that cannot use it. */
function supportsSecretEnv(doc: AnalyzedDocument): boolean {
  const syntax = doc.directives.find((d) => d.name === 'syntax')?.value;
  const version = syntax && /dockerfile:(\d+)\.(\d+)/.exec(syntax);
  return !version || Number(version[1]) > 1 || Number(version[2]) >= 10;
}
