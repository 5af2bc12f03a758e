import type { AnalyzedDocument, Instruction, Stage } from '../model/types';
import { isInFinalImage } from '../model/stages';
import type { Finding, Rule } from './types';

/**
 * World-writable files let any process in the container (any user, any compromised dependency)
 * replace code or models that the server later loads. Group write (`g+w`, 775) for OpenShift's
 * arbitrary UIDs is fine; the sticky bit (`1777`, `+t`) makes a shared directory safe.
 */
export const ML404: Rule = {
  id: 'ML404',
  title: 'World-writable permissions',
  defaultSeverity: 'warning',
  summary: 'Files or directories are made writable by every user (`chmod 777`, `a+w`, `o+w`): any process in the container can then replace the code or model weights the server loads. Give write access to the owner (or group) only.',
  check({ doc }) {
    const findings: Finding[] = [];
    for (const stage of relevantStages(doc)) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'RUN') findings.push(...chmodFindings(instruction));
        if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
          const flag = instruction.flags.find((f) => f.name === 'chmod');
          if (flag?.value && worldWritable(flag.value)) findings.push(finding({ start: flag.start, end: flag.end }, `--chmod=${flag.value}`));
        }
      }
    }
    return findings;
  },
};

/** The final image's stages and the stages it copies files from (COPY keeps the modes). */
function relevantStages(doc: AnalyzedDocument): Stage[] {
  const own = doc.stages.filter((s) => isInFinalImage(s, doc.finalStage));
  const sources = own.flatMap((s) => s.copiesFrom.map((r) => r.stage)).filter((s): s is Stage => s !== undefined);
  return doc.stages.filter((s) => own.includes(s) || sources.some((src) => isInFinalImage(s, src)));
}

function chmodFindings(instruction: Instruction): Finding[] {
  const findings: Finding[] = [];
  for (const info of instruction.commands) {
    if (info.program.name !== 'chmod') continue;
    const mode = info.program.args.find((a) => !/^-[a-zA-Z]+$/.test(a.value) && !a.value.startsWith('--'));
    if (!mode || !worldWritable(mode.value)) continue;
    findings.push(finding({ start: info.program.word!.start, end: mode.end }, `chmod ${mode.value}`));
  }
  return findings;
}

/** Octal with the others-write bit and no sticky bit; or symbolic `o+w`, `a+w`, `a=rwx`, `+w` for all (`ugo`). */
export function worldWritable(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const digits = mode.padStart(4, '0');
    const sticky = (Number(digits[0]) & 1) === 1;
    return (Number(digits[3]) & 2) === 2 && !sticky;
  }
  if (mode.includes('t')) return false;
  return mode.split(',').some((clause) => {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    return m !== null && m[2] !== '-' && m[3]!.includes('w') && /[oa]/.test(m[1]!);
  });
}

function finding(span: { start: number; end: number }, what: string): Finding {
  return {
    ruleId: 'ML404',
    span,
    message: `\`${what}\` makes files writable by every user: any process in the container can replace the code or model weights the server loads. Grant write to the owner (\`chown app …\` + \`chmod 755\`/\`u+w\`) or the group (\`g+w\`), not to others.`,
  };
}
