import { isLoopback } from '../parse/commands/serve';
import { servingOf } from '../model/serving';
import { insertArguments } from './edits';
import type { Finding, OffsetEdit, Rule } from './types';

interface Data {
  readonly edits: readonly OffsetEdit[];
}

/**
 * A server that listens on 127.0.0.1 inside a container only accepts connections from inside that
 * container: `docker run -p 8000:8000` forwards to the container's network interface, where nobody
 * listens, and clients see "connection reset" or "empty reply".
 */
export const ML503: Rule<Data> = {
  id: 'ML503',
  title: 'Server bound to `127.0.0.1`/`localhost` inside the container',
  defaultSeverity: 'error',
  summary: 'The server listens on the loopback interface of the container, so nothing outside it (a published port, another container, a Kubernetes Service) can reach it. Listen on 0.0.0.0.',
  check({ doc, workspace }) {
    const serving = servingOf(doc, workspace);
    const server = serving.server;
    if (!server || !serving.instruction || server.binds.length === 0 || serving.behindProxy) return [];
    // Defaults are unreliable when a config file MLDock cannot see may set the address.
    const known = server.binds.filter((b) => b.host !== undefined && !(b.hostOrigin.kind === 'default' && server.configurable));
    if (known.length !== server.binds.length || !known.every((b) => isLoopback(b.host))) return [];
    const edits: OffsetEdit[] = [];
    for (const bind of known) {
      const span = bind.hostOrigin.span;
      if (span) {
        const raw = doc.text.slice(span.start, span.end);
        const at = raw.indexOf(bind.host!);
        if (at >= 0 && !edits.some((e) => e.start === span.start + at)) edits.push({ start: span.start + at, end: span.start + at + bind.host!.length, newText: '0.0.0.0' });
      } else if (bind.hostOrigin.kind === 'default' && server.bindAll && edits.length === 0) {
        edits.push(insertArguments(serving.instruction, server.anchor, server.bindAll));
      }
    }
    const first = known[0]!;
    const where = first.hostOrigin.kind === 'default' ? `by default (${first.hostOrigin.label})` : `(\`${first.hostOrigin.label}\`)`;
    const finding: Finding<Data> = {
      ruleId: 'ML503',
      span: first.hostOrigin.span ?? { start: server.anchor.start, end: server.anchor.end },
      message: `\`${server.label}\` listens on ${first.host} ${where}: inside a container that is unreachable from outside it, so \`docker run -p\` and other containers get "connection refused". Listen on 0.0.0.0${server.bindAll ? ` (\`${server.bindAll.join(' ')}\`)` : ''}.`,
      data: { edits },
    };
    return [finding];
  },
  fix(finding) {
    const edits = finding.data?.edits ?? [];
    return edits.length > 0 ? [{ title: 'Listen on 0.0.0.0', edits, preferred: true }] : [];
  },
};
