import { finalHealthcheck } from '../model/healthcheck';
import { rootFacts, toolInImage } from '../model/installedTools';
import { exposedPorts } from '../model/exposedPorts';
import { isPythonProgram, servingOf, type Serving } from '../model/serving';
import type { AnalyzedDocument } from '../model/types';
import type { WorkspaceView } from '../workspace';
import { insertBeforeStart, toJsonArray } from './edits';
import type { Finding, Rule } from './types';

/** Model servers take minutes to load weights; failures during the start period do not count. */
const SLOW_START = new Set(['vllm', 'tgi', 'tritonserver', 'torchserve']);

/**
 * Without a HEALTHCHECK, Docker reports a hung server (deadlocked worker, exhausted GPU memory) as
 * "running"; Compose `depends_on: condition: service_healthy`, Swarm and `docker ps` rely on it.
 */
export const ML505: Rule = {
  id: 'ML505',
  title: 'Serving image without `HEALTHCHECK`',
  defaultSeverity: 'info',
  summary: 'The image serves requests (a server command or EXPOSE) but has no HEALTHCHECK, so Docker, Compose and Swarm report a hung or still-loading model server as healthy.',
  check({ doc, workspace }) {
    const serving = servingOf(doc, workspace);
    const exposed = exposedPorts(doc);
    if (!serving.server && exposed.length === 0) return [];
    if (finalHealthcheck(doc)) return [];
    // Only images MLDock knows are free of an inherited HEALTHCHECK (the Jupyter images define one).
    const facts = rootFacts(doc);
    if (!facts || facts.family === 'jupyter') return [];
    const at = serving.cmd ?? serving.entrypoint ?? exposed[0]?.instruction;
    if (!at) return [];
    const what = serving.server ? `\`${serving.server.label}\`` : `a service on port ${exposed[0]!.text}`;
    return [{
      ruleId: 'ML505',
      span: { start: at.start, end: at.end },
      message: `The image runs ${what} but has no HEALTHCHECK: a hung or still-loading server shows as healthy to Docker, Compose and Swarm. Add one (Kubernetes uses probes instead).`,
    }];
  },
  fix(_finding: Finding, { doc, workspace }) {
    const line = healthcheckLine(doc, workspace);
    const edit = line && insertBeforeStart(doc, [line]);
    return edit ? [{ title: 'Add a HEALTHCHECK', edits: [edit], preferred: true }] : [];
  },
};

function healthcheckLine(doc: AnalyzedDocument, workspace: WorkspaceView | undefined): string | undefined {
  const serving = servingOf(doc, workspace);
  const server = serving.server;
  const port = serverPort(serving) ?? exposedPorts(doc).find((p) => p.protocol === 'tcp' && p.port !== undefined)?.port;
  if (port === undefined) return undefined;
  const path = server?.healthPath;
  const url = `http://127.0.0.1:${port}${path ?? '/'}`;
  const options = `--interval=30s --timeout=5s --start-period=${server && SLOW_START.has(server.kind) ? '300s' : '60s'} --retries=3`;
  if (toolInImage(doc, 'curl')) {
    // Without a known health route, any HTTP answer (even 404) proves the server is up.
    return `HEALTHCHECK ${options} CMD ${path ? `curl -fsS ${url}` : `curl -sS -o /dev/null ${url}`} || exit 1`;
  }
  const facts = rootFacts(doc);
  const hasPython = server?.python === true || serving.runsPython || typeof facts?.python === 'string';
  if (!hasPython) return undefined;
  const python = serving.program && isPythonProgram(serving.program.name) ? serving.program.name : 'python3';
  const code = path
    ? `import urllib.request; urllib.request.urlopen('${url}', timeout=4)`
    : `import http.client; c = http.client.HTTPConnection('127.0.0.1', ${port}, timeout=4); c.request('GET', '/'); c.getresponse()`;
  // micromamba images activate their environment in _entrypoint.sh; HEALTHCHECK does not go through it.
  const prefix = facts?.family === 'micromamba' ? ['/usr/local/bin/_entrypoint.sh'] : [];
  return `HEALTHCHECK ${options} CMD ${toJsonArray([...prefix, python, '-c', code])}`;
}

function serverPort(serving: Serving): number | undefined {
  const server = serving.server;
  if (!server) return undefined;
  return server.binds.find((b) => b.port !== undefined && !(b.portOrigin.kind === 'default' && server.configurable))?.port;
}
