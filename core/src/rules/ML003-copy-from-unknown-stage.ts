import type { AnalyzedDocument, Stage, StageReference } from '../model/types';
import type { Finding, Rule } from './types';

/** Docker Hub official images people copy binaries from (`COPY --from=busybox …`); a bare name not listed here is most likely a stage typo. */
const OFFICIAL_IMAGES = new Set([
  'alpine', 'busybox', 'debian', 'ubuntu', 'python', 'node', 'golang', 'rust', 'nginx', 'docker', 'redis', 'postgres',
  'mysql', 'httpd', 'caddy', 'traefik', 'php', 'ruby', 'openjdk', 'eclipse-temurin', 'gradle', 'maven', 'bash',
  'buildpack-deps', 'fedora', 'centos', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'archlinux', 'tini',
  'hello-world', 'composer', 'consul', 'vault', 'memcached', 'mongo', 'registry', 'perl', 'julia', 'r-base', 'haproxy',
]);

/**
 * `COPY --from=<name>` must name a stage defined earlier; a name that matches no stage is pulled as
 * an image (`docker.io/library/<name>:latest`), and a stage defined later cannot be used.
 */
export const ML003: Rule = {
  id: 'ML003',
  title: '`COPY --from=` names a stage that does not exist or is defined later',
  defaultSeverity: 'error',
  summary: '`COPY --from` (and `RUN --mount=from=`) can only use stages defined above it. Any other name is pulled as an image from Docker Hub, which fails for a misspelt stage name.',
  check({ doc }) {
    const findings: Finding[] = [];
    for (const stage of doc.stages) {
      for (const ref of stage.copiesFrom) {
        const problem = ref.stage === stage
          ? `A stage cannot copy from itself: \`--from=${ref.text}\` names the stage this instruction is in.`
          : ref.stage ? undefined : describe(doc, stage, ref);
        if (problem) findings.push({ ruleId: 'ML003', span: ref.span, message: problem });
      }
    }
    return findings;
  },
};

function describe(doc: AnalyzedDocument, stage: Stage, ref: StageReference): string | undefined {
  const text = ref.text.trim();
  if (text.includes('$')) return undefined;
  const key = text.toLowerCase();
  if (/^\d+$/.test(key)) {
    const index = Number(key);
    return index >= stage.index
      ? `\`--from=${text}\` refers to stage ${index}, but ${stage.index === 0 ? 'no stage comes' : stage.index === 1 ? 'only stage 0 comes' : `only stages 0–${stage.index - 1} come`} before this one: stages can only copy from earlier stages.`
      : undefined;
  }
  const later = doc.stages.find((s) => s.name === key && s.index > stage.index);
  if (later) {
    return `Stage \`${key}\` is defined on line ${later.from.startLine + 1}, after this instruction: \`--from\` can only use earlier stages, so Docker pulls an image named \`${key}\` instead. Move the stage above this one.`;
  }
  if (/[/:@.]/.test(key) || OFFICIAL_IMAGES.has(key)) return undefined;
  const similar = closestStage(doc, stage, key);
  const hint = similar ? ` Did you mean \`${similar}\`?` : doc.stages.some((s) => s.name) ? '' : ' This Dockerfile names no stages (`FROM … AS name`).';
  return `No stage named \`${key}\` is defined before this instruction, so Docker tries to pull the image \`docker.io/library/${key}:latest\`.${hint}`;
}

function closestStage(doc: AnalyzedDocument, stage: Stage, key: string): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const s of doc.stages.slice(0, stage.index)) {
    if (!s.name) continue;
    const d = editDistance(s.name, key);
    if (d <= 2 && (!best || d < best.d)) best = { name: s.name, d };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
