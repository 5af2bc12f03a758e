import { rootFacts } from '../model/installedTools';
import { servingOf } from '../model/serving';
import { isInFinalImage, lookupStageVariable, resolveGlobalArgs, stageAncestry } from '../model/stages';
import type { AnalyzedDocument, Instruction } from '../model/types';
import { runsAsNonRoot } from '../knowledge/baseImages';
import { substituteVariables } from '../parse/variables';
import { isRoot, userFix, type UserFix, type UserSwitch } from './userSwitch';
import type { Finding, Rule } from './types';

/**
 * A process running as root in a container is root on the host's kernel: a container escape or a
 * writable host mount becomes full host access. Images that already start as a non-root user
 * (micromamba, Jupyter, distroless `:nonroot`) and commands that drop privileges (gosu, su-exec)
 * are not reported; neither are images with no command of their own (bases for other images).
 */
export const ML401: Rule<UserFix> = {
  id: 'ML401',
  title: 'Final stage runs as root',
  defaultSeverity: 'warning',
  summary: 'The container runs as root. A bug in the model server, a malicious pickle or a compromised dependency then acts as root on the host kernel and on every mounted volume. Create a user and switch to it with USER.',
  check({ doc, workspace }) {
    const final = doc.finalStage;
    if (!final) return [];
    const serving = servingOf(doc, workspace);
    if ((!serving.entrypoint && !serving.cmd) || serving.dropsPrivileges || installsPrivilegeDropper(doc)) return [];
    const facts = rootFacts(doc);
    const users = userSwitches(doc);
    const last = users.at(-1);
    let span: Instruction;
    let why: string;
    if (last) {
      if (last.name === undefined || !isRoot(last.name)) return [];
      span = last.instruction;
      why = `\`USER ${last.instruction.args.trim()}\` is the last USER of the final image`;
    } else {
      if (!facts || runsAsNonRoot(facts) || facts.user !== 'root') return [];
      span = final.from;
      why = `no USER switches away from the base image's default user (root)`;
    }
    // Packages under /root (pip --user, COPY … /root/.local) are unreadable for another user: a switch would break the app.
    const rootHome = usesRootHome(doc);
    const fix = rootHome ? { title: '', edits: [] } : userFix(doc, final, facts, users);
    const advice = rootHome
      ? 'The image keeps files under /root (e.g. /root/.local from `pip install --user`), which another user cannot read: install them into a venv under /opt (or the new user\'s home) first, then create a user and switch to it with USER.'
      : 'Create a user and switch to it with USER.';
    return [{
      ruleId: 'ML401',
      span: { start: span.start, end: span.end },
      message: `The container runs as root: ${why}. Anything that compromises the app (a malicious pickle, a vulnerable dependency) then acts as root on the host kernel and on mounted volumes. ${advice}`,
      data: fix,
    } satisfies Finding<UserFix>];
  },
  fix(finding) {
    const data = finding.data;
    return data && data.edits.length > 0 ? [{ title: data.title, edits: data.edits, preferred: true }] : [];
  },
};

/** USER instructions of the final image in build order. */
function userSwitches(doc: AnalyzedDocument): UserSwitch[] {
  const globals = resolveGlobalArgs(doc.globalArgs);
  const chain = stageAncestry(doc.finalStage!).reverse();
  return chain.flatMap((stage) => stage.instructions.filter((i) => i.keyword === 'USER').map((instruction) => {
    const sub = substituteVariables(instruction.args.trim(), (n) => lookupStageVariable(stage, n, instruction.index, globals), doc.escapeChar);
    return { instruction, name: sub.unresolved.length > 0 || !sub.value ? undefined : sub.value.split(':')[0] };
  }));
}

function usesRootHome(doc: AnalyzedDocument): boolean {
  return doc.stages.filter((s) => isInFinalImage(s, doc.finalStage)).some((stage) => stage.instructions.some((i) =>
    ((i.keyword === 'COPY' || i.keyword === 'ADD' || i.keyword === 'ENV') && /(^|[\s=:])(\/root|~)(\/|\s|$)/.test(i.args)) ||
    i.commands.some((c) => c.pip?.subcommand === 'install' && c.pip.parsed.options.some((o) => o.name === '--user'))));
}

function installsPrivilegeDropper(doc: AnalyzedDocument): boolean {
  return doc.stages.filter((s) => isInFinalImage(s, doc.finalStage)).some((stage) => stage.instructions.some((i) =>
    i.commands.some((c) => (c.apt?.packages ?? []).some((p) => p.name === 'gosu' || p.name === 'su-exec') ||
      (c.program.name === 'apk' && c.program.args.some((a) => a.value === 'su-exec' || a.value === 'gosu')))));
}
