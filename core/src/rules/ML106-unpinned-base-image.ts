import { pinSuggestions } from '../knowledge/pinSuggestions';
import { locateImageTag } from './imageTag';
import type { Finding, FixSuggestion, Rule } from './types';

interface Data {
  readonly image: string;
  /** Replace [start, end) with `prefix + tag` to pin: the literal tag, the ARG default, or an insertion point. */
  readonly start: number;
  readonly end: number;
  readonly prefix: string;
}

/** `FROM python` / `FROM python:latest`: the build changes whenever upstream moves `latest`. */
export const ML106: Rule<Data> = {
  id: 'ML106',
  title: 'Base image without a tag, or `:latest`',
  defaultSeverity: 'warning',
  summary: 'An untagged or `:latest` base image changes under you: the same Dockerfile builds a different Python, CUDA or OS next month. Pin a version tag (or a digest).',
  check({ doc }) {
    const findings: Finding<Data>[] = [];
    for (const stage of doc.stages) {
      const image = stage.image;
      if (!image || image.digest || !stage.imageSpan) continue;
      if (image.tag !== undefined && image.tag !== 'latest') continue;
      const data = locateImageTag(doc, stage);
      const suggestions = pinSuggestions(image.name);
      const hint = suggestions.length > 0 ? ` such as \`${image.name}:${suggestions[0]!.tag}\`` : '';
      const what = image.tag ? `\`${image.name}:latest\`` : `\`${image.name}\` has no tag (so it means \`:latest\`) and`;
      findings.push({
        ruleId: 'ML106',
        span: stage.imageSpan,
        message: image.tag
          ? `${what} moves whenever upstream publishes a release, so rebuilds silently change Python, CUDA or OS. Pin a version tag${hint}.`
          : `${what} moves whenever upstream publishes a release. Pin a version tag${hint}.`,
        ...(data && { data: { image: image.name, ...data } }),
      });
    }
    return findings;
  },
  fix(finding) {
    const data = finding.data;
    if (!data) return [];
    return pinSuggestions(data.image).map((s, i): FixSuggestion => ({
      title: `Pin to ${data.image}:${s.tag} (${s.why})`,
      edits: [{ start: data.start, end: data.end, newText: `${data.prefix}${s.tag}` }],
      preferred: i === 0,
    }));
  },
};
