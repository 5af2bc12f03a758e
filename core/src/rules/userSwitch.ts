import { isInFinalImage } from '../model/stages';
import type { AnalyzedDocument, Instruction, Stage } from '../model/types';
import type { BaseImageFacts } from '../knowledge/baseImages';
import { recogniseUserCreation } from '../parse/commands/users';
import { insertAfter } from './edits';
import type { OffsetEdit } from './types';

/** ML401's fix: a title and the edits, computed with the finding (empty when no safe switch exists). */
export interface UserFix {
  readonly title: string;
  readonly edits: readonly OffsetEdit[];
}

/** Instructions that may need root; the switch to a non-root user goes after the last of them. */
const NEEDS_ROOT = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR', 'VOLUME', 'USER']);
const NEW_UID = '10001';

export interface UserSwitch {
  readonly instruction: Instruction;
  /** The user name or UID, variables resolved; undefined when it depends on something MLDock cannot see. */
  readonly name: string | undefined;
}

export function isRoot(user: string): boolean {
  return user === 'root' || user === '0';
}

/** The smallest correct switch: back to a user the file already uses or creates, else create one the base image's way. */
export function userFix(doc: AnalyzedDocument, final: Stage, facts: BaseImageFacts | undefined, users: UserSwitch[]): UserFix {
  const known = users.filter((u) => u.name !== undefined && !isRoot(u.name)).at(-1)?.instruction.args.trim();
  const created = createdUser(doc);
  const familyUser = facts?.family === 'micromamba' ? '$MAMBA_USER' : facts?.family === 'jupyter' ? '${NB_UID}' : facts?.family === 'distroless' ? '65532' : undefined;
  const existing = known ?? created ?? familyUser;
  const anchor = [...final.instructions].reverse().find((i) => NEEDS_ROOT.has(i.keyword))!;
  if (existing) {
    const title = `Switch to user ${existing}`;
    if (anchor.keyword === 'USER' && anchor.argsSpan) return { title, edits: [{ start: anchor.argsSpan.start, end: anchor.argsSpan.end, newText: existing }] };
    return { title, edits: [insertAfter(doc, anchor, [`USER ${existing}`])] };
  }
  const create = createCommand(doc, facts);
  if (!create) return { title: '', edits: [] };
  return { title: 'Create a non-root user and switch to it', edits: [insertAfter(doc, anchor, [`RUN ${create}`, `USER ${NEW_UID}`])] };
}

function createdUser(doc: AnalyzedDocument): string | undefined {
  for (const stage of doc.stages.filter((s) => isInFinalImage(s, doc.finalStage))) {
    for (const instruction of stage.instructions) {
      for (const info of instruction.commands) {
        const user = recogniseUserCreation(info.program);
        if (user && !isRoot(user.name)) return user.name;
      }
    }
  }
  return undefined;
}

/** `useradd` on glibc distributions (Debian, Ubuntu, UBI), busybox `adduser -D` on Alpine and busybox. */
function createCommand(doc: AnalyzedDocument, facts: BaseImageFacts | undefined): string | undefined {
  const useradd = `useradd --create-home --uid ${NEW_UID} appuser`;
  const adduser = `adduser -D -u ${NEW_UID} appuser`;
  if (facts) {
    if (facts.shell === false) return undefined;
    if (facts.libc === 'musl' || facts.packageManager === 'apk' || facts.family === 'busybox') return adduser;
    if (facts.packageManager === 'apt' || facts.packageManager === 'dnf' || facts.libc === 'glibc') return useradd;
  }
  const tools = doc.instructions.flatMap((i) => i.commands.map((c) => c.program.name));
  if (tools.includes('apk')) return adduser;
  if (tools.some((t) => t === 'apt-get' || t === 'apt' || t === 'dnf' || t === 'yum')) return useradd;
  return undefined;
}
