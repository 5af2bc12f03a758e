import { rootFacts } from '../model/installedTools';
import { runtimeEnv, servingOf } from '../model/serving';
import { insertBeforeStart } from './edits';
import type { Rule } from './types';

/**
 * Python block-buffers stdout when it is not a terminal (as in a container): `print` and logging to
 * stdout reach `docker logs` in 8 KB chunks, late, and whatever is still buffered is lost when the
 * process is killed or crashes — exactly the lines that explain the crash.
 */
export const ML507: Rule = {
  id: 'ML507',
  title: 'Python service without `PYTHONUNBUFFERED=1`',
  defaultSeverity: 'info',
  summary: 'Python buffers stdout when it is not attached to a terminal, so container logs arrive late and the last lines before a crash are lost. Set `ENV PYTHONUNBUFFERED=1` (or run `python -u`).',
  check({ doc, workspace }) {
    const serving = servingOf(doc, workspace);
    if (!serving.runsPython || serving.unbuffered || !serving.program?.word) return [];
    // Jupyter logs through `logging` to stderr, which Python line-buffers; notebook output goes to the browser.
    if (serving.server?.kind === 'jupyter') return [];
    if (serving.program.env.get('PYTHONUNBUFFERED') || runtimeEnv(doc, 'PYTHONUNBUFFERED')?.value) return [];
    // An unknown base image may set it already.
    if (!rootFacts(doc)) return [];
    const at = serving.instruction ?? serving.cmd ?? serving.entrypoint;
    if (!at) return [];
    const what = serving.server ? serving.server.label : `python ${serving.program.args.find((a) => !a.value.startsWith('-'))?.value ?? ''}`.trim();
    return [{
      ruleId: 'ML507',
      span: { start: at.start, end: at.end },
      message: `\`${what}\` runs without PYTHONUNBUFFERED: Python buffers stdout in a container, so logs reach \`docker logs\` late and the last lines before a crash are lost. Add \`ENV PYTHONUNBUFFERED=1\`.`,
    }];
  },
  fix(_finding, { doc }) {
    const edit = insertBeforeStart(doc, ['ENV PYTHONUNBUFFERED=1']);
    return edit ? [{ title: 'Add ENV PYTHONUNBUFFERED=1', edits: [edit], preferred: true }] : [];
  },
};
