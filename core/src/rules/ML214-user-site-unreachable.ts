import { baseImageFacts } from '../knowledge/baseImages';
import { copyPaths } from '../model/paths';
import { lookupStageVariable, stageAncestry } from '../model/stages';
import type { AnalyzedDocument, Instruction, Span, Stage } from '../model/types';
import { rootImage } from './helpers';
import type { Finding, Rule } from './types';

const ROOT_USERS = /^(root|0)(:.*)?$/;
const WRAPPERS = new Set(['tini', 'dumb-init', 'gosu', 'su-exec', 'exec', 'env']);

/**
 * `pip install --user` as root writes to /root/.local. /root is mode 700 in Debian and Ubuntu
 * images, so another user cannot import those packages, and their console scripts are only found
 * when /root/.local/bin is on PATH.
 */
export const ML214: Rule = {
  id: 'ML214',
  title: '`pip install --user` packages under `/root/.local` used by a final stage that runs as another user or lacks PATH',
  defaultSeverity: 'warning',
  summary: 'Packages installed with `pip install --user` as root live in /root/.local. /root is private (mode 700), so a container running as another user cannot import them; and their commands (gunicorn, uvicorn …) are only found if /root/.local/bin is on PATH.',
  check({ doc }) {
    const final = doc.finalStage;
    if (!final) return [];
    const uses = rootLocalUses(doc, final);
    if (uses.length === 0) return [];
    const user = effectiveUser(final);
    if (user !== undefined && !ROOT_USERS.test(user)) {
      return uses.map((span) => finding(span, `The final image runs as \`${user}\`, but these packages are under /root/.local and /root is private (mode 700): \`${user}\` cannot import them. Install into a venv (e.g. /opt/venv) or copy to the user's home (\`/home/${user.split(':')[0]}/.local\`) with \`--chown\`.`));
    }
    const path = lookupStageVariable(final, 'PATH', Number.POSITIVE_INFINITY) ?? '';
    const program = commandProgram(final);
    if (/\/root\/\.local\/bin/.test(path) || !program || /^(\/|python|sh$|bash$)/.test(program)) return [];
    return uses.map((span) => finding(span, `The container runs \`${program}\`, but commands of packages installed with \`pip install --user\` land in /root/.local/bin, which is not on PATH in the final image, so it is not found. Add \`ENV PATH=/root/.local/bin:$PATH\`.`));
  },
};

function finding(span: Span, message: string): Finding {
  return { ruleId: 'ML214', span, message };
}

/** Where /root/.local enters the final image: copied from another stage, or `pip install --user` run as root. */
function rootLocalUses(doc: AnalyzedDocument, final: Stage): Span[] {
  const spans: Span[] = [];
  for (const stage of stageAncestry(final)) {
    for (const instruction of stage.instructions) {
      const paths = instruction.keyword === 'COPY' ? copyPaths(doc, instruction) : undefined;
      if (paths?.fromOther && paths.dest.value.startsWith('/root')) {
        for (const s of paths.sources) if (/^\/root\/\.local\/?$/.test(s.value)) spans.push({ start: s.start, end: s.end });
      }
      for (const c of instruction.commands) {
        const userOption = c.pip?.subcommand === 'install' && c.pip.user ? c.pip.parsed.options.find((o) => o.name === '--user') : undefined;
        if (userOption && ROOT_USERS.test(userAt(stage, instruction) ?? 'root')) spans.push({ start: userOption.word.start, end: userOption.word.end });
      }
    }
  }
  return spans;
}

/** The user in effect before `instruction` (USER in the stage ancestry, else the base image's default). */
function userAt(stage: Stage, instruction?: Instruction): string | undefined {
  for (const s of stageAncestry(stage)) {
    const user = s.instructions.filter((i) => i.keyword === 'USER' && (!instruction || s !== stage || i.index < instruction.index)).at(-1);
    if (user) return user.args.trim();
  }
  const image = rootImage(stage);
  return image ? baseImageFacts(image)?.user : undefined;
}

function effectiveUser(stage: Stage): string | undefined {
  const user = userAt(stage);
  return user && !user.includes('$') ? user : undefined;
}

/** The program the container starts (CMD or ENTRYPOINT, looking through tini-style wrappers). */
function commandProgram(stage: Stage): string | undefined {
  const last = (k: string) => stageAncestry(stage).map((s) => s.instructions.filter((i) => i.keyword === k).at(-1)).find(Boolean);
  const words = (i: Instruction | undefined) => i?.execForm?.map((a) => a.value) ?? i?.commands[0]?.command.argv.map((w) => w.value) ?? [];
  const all = [...words(last('ENTRYPOINT')), ...words(last('CMD'))];
  const program = all.find((w) => !w.startsWith('-') && !WRAPPERS.has(w.split('/').pop()!));
  return program;
}
