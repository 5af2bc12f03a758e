import { torchRelease, type TorchRelease } from '../knowledge/torch';
import { stageAncestry } from '../model/stages';
import type { AnalyzedDocument, Span } from '../model/types';
import { pipInstalls, type PipInstall, type PipPin } from './pipPins';
import { describePin } from './torchPins';
import type { Finding, Rule } from './types';

interface Data {
  readonly expected: string;
  /** The version part of the torchvision/torchaudio pin, as written in the Dockerfile. */
  readonly versionSpan: Span | undefined;
}

const COMPANIONS = ['torchvision', 'torchaudio'] as const;

/** `torch==2.4.0 torchvision==0.18.0`: torchvision 0.18 requires torch 2.3, so pip fails or silently changes torch. */
export const ML205: Rule<Data> = {
  id: 'ML205',
  title: 'torchvision/torchaudio version does not match the pinned torch',
  defaultSeverity: 'error',
  summary: 'Every torchvision and torchaudio release requires one exact torch release. A mismatched pin makes pip fail with a resolution conflict, or — in a later RUN — silently replaces the torch you pinned.',
  check({ doc, workspace }) {
    const findings: Finding<Data>[] = [];
    const installs = pipInstalls(doc, workspace);
    for (const install of installs) {
      for (const pin of install.pins) {
        const name = pin.name as (typeof COMPANIONS)[number];
        if (!COMPANIONS.includes(name) || !pin.requirement.version) continue;
        const torch = torchPinFor(installs, pin);
        if (!torch) continue;
        const expected = name === 'torchvision' ? torch.release.torchvision : torch.release.torchaudio;
        if (expected === pin.requirement.version) continue;
        const torchWhere = torch.pin.install === install ? describePin(torch.pin) : `${describePin(torch.pin)} (line ${doc.lines.positionAt(torch.pin.anchor.start).line + 1})`;
        const message = expected === null
          ? `${describePin(pin)}: torchaudio has no release for torch ${torch.release.version} (${torchWhere}); torchaudio is in maintenance mode after 2.11 and each release requires its own torch, so pip fails to resolve.`
          : `${describePin(pin)} does not match ${torchWhere}: torch ${torch.release.version} goes with ${name} ${expected}. pip fails to resolve, or replaces torch with the release this ${name} requires.`;
        findings.push({ ruleId: 'ML205', span: pin.anchor, message, data: { expected: expected ?? '', versionSpan: expected === null ? undefined : versionSpan(doc, pin) } });
      }
    }
    return findings;
  },
  fix(finding) {
    const data = finding.data;
    if (!data?.versionSpan || !data.expected) return [];
    return [{ title: `Pin ${data.expected}`, edits: [{ ...data.versionSpan, newText: data.expected }], preferred: true }];
  },
};

/** The exact torch pin that applies: in the same install, else the latest earlier install in the stage (or its bases). */
function torchPinFor(installs: readonly PipInstall[], pin: PipPin): { pin: PipPin; release: TorchRelease } | undefined {
  const own = pin.install.pins.find((p) => p.name === 'torch' && p.requirement.version);
  const candidates = own ? [own] : installs
    .filter((i) => stageAncestry(pin.install.stage).includes(i.stage) && i.instruction.index < pin.install.instruction.index)
    .flatMap((i) => i.pins.filter((p) => p.name === 'torch' && p.requirement.version))
    .reverse();
  for (const torch of candidates) {
    const release = torchRelease(torch.requirement.version!);
    return release ? { pin: torch, release } : undefined;
  }
  return undefined;
}

/** Span of `0.18.0` in `torchvision==0.18.0+cu121`. */
function versionSpan(doc: AnalyzedDocument, pin: PipPin): Span | undefined {
  const span = pin.wordSpan;
  const version = pin.requirement.version;
  if (!span || !version) return undefined;
  const raw = doc.text.slice(span.start, span.end);
  const m = new RegExp(`===?\\s*(${version.replace(/\./g, '\\.')})`).exec(raw);
  if (!m) return undefined;
  const at = m.index + m[0].length - version.length;
  return { start: span.start + at, end: span.start + at + version.length };
}
