import { isHarmlessValue, isSecretName, looksLikeToken } from '../knowledge/secrets';
import type { Instruction, Property } from '../model/types';
import { secretFix } from './secretMount';
import type { Finding, OffsetEdit, Rule } from './types';

export interface SecretData {
  readonly name: string;
  readonly title: string;
  readonly edits: readonly OffsetEdit[];
}

/**
 * Build arguments and ENV values are stored with the image: `docker history` shows every RUN with
 * the build args it saw, `docker inspect` shows ENV, and BuildKit provenance attestations record
 * build args. A token passed that way is readable by everyone who can pull the image.
 */
export const ML402: Rule<SecretData> = {
  id: 'ML402',
  title: 'Secret in `ENV`/`ARG`',
  defaultSeverity: 'error',
  summary: 'A secret (token, API key, password) is passed through ARG or ENV. Build args are recorded in the image history and provenance, ENV in the image config: anyone who can pull the image can read it. Use a BuildKit secret mount.',
  check({ doc }) {
    const findings: Finding<SecretData>[] = [];
    const flagged = new Set<Property>();
    for (const instruction of doc.instructions) {
      if (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') continue;
      for (const property of instruction.properties) if (isSecret(instruction, property)) flagged.add(property);
    }
    for (const instruction of doc.instructions) {
      for (const property of instruction.properties) {
        if (!flagged.has(property)) continue;
        findings.push({
          ruleId: 'ML402',
          span: { start: property.nameSpan.start, end: property.valueSpan?.end ?? property.nameSpan.end },
          message: message(instruction, property),
          data: secretFix(doc, instruction, property, flagged),
        });
      }
    }
    return findings;
  },
  fix(finding) {
    const data = finding.data;
    return data && data.edits.length > 0 ? [{ title: data.title, edits: data.edits, preferred: true }] : [];
  },
};

function isSecret(instruction: Instruction, property: Property): boolean {
  const value = property.value;
  if (value !== undefined && looksLikeToken(value)) return true;
  if (!isSecretName(property.name)) return false;
  if (instruction.keyword === 'ENV') return value !== undefined && !isHarmlessValue(value);
  // An ARG without a default (or an empty one) is meant to receive the secret with --build-arg.
  return value === undefined || value.trim() === '' || !isHarmlessValue(value);
}

/** Names the variable, never its value. */
function message(instruction: Instruction, property: Property): string {
  const byValue = !isSecretName(property.name);
  const what = byValue ? `The value of \`${property.name}\` looks like an access token` : `\`${property.name}\` holds a secret`;
  const where = instruction.keyword === 'ARG'
    ? 'build arguments are recorded in the image history (`docker history`) and in provenance attestations'
    : 'ENV values are stored in the image config, where `docker inspect` shows them to anyone who can pull the image';
  return `${what}, and ${where}. Pass it as a BuildKit secret instead: \`RUN --mount=type=secret,id=${secretId(property.name)},env=${property.name} …\` with \`docker build --secret id=${secretId(property.name)},env=${property.name}\`, or at run time with \`docker run -e ${property.name}\`.`;
}

export function secretId(name: string): string {
  return name.toLowerCase();
}
