import { exposedPorts } from '../model/exposedPorts';
import { servingOf } from '../model/serving';
import type { Rule } from './types';

/**
 * `EXPOSE` documents the port and is what `docker run -P`, Compose and many platforms publish. When
 * it names a port the server does not listen on, the published port leads nowhere.
 */
export const ML504: Rule = {
  id: 'ML504',
  title: '`EXPOSE`d port differs from the port the server command binds',
  defaultSeverity: 'warning',
  summary: 'The image EXPOSEs a port the server does not listen on. `docker run -P`, Compose and platforms that read EXPOSE publish a port where nothing answers.',
  check({ doc, workspace }) {
    const serving = servingOf(doc, workspace);
    const server = serving.server;
    // Behind a reverse proxy in the same container, the proxy listens on the exposed port.
    if (!server || serving.behindProxy) return [];
    const listening = server.binds.filter((b) => b.port !== undefined && !(b.portOrigin.kind === 'default' && server.configurable));
    if (listening.length === 0 || listening.length !== server.binds.length) return [];
    const exposed = exposedPorts(doc).filter((p) => p.protocol === 'tcp');
    if (exposed.length === 0 || exposed.some((p) => p.port === undefined)) return [];
    const matches = listening.some((b) => exposed.some((p) => b.port! >= p.port! && b.port! <= p.last!));
    if (matches) return [];
    const first = exposed[0]!;
    const bind = listening[0]!;
    const from = bind.portOrigin.kind === 'default' ? bind.portOrigin.label : `\`${bind.portOrigin.label}\``;
    return [{
      ruleId: 'ML504',
      span: { start: first.instruction.start, end: first.instruction.end },
      message: `\`EXPOSE ${exposed.map((p) => p.text).join(' ')}\` but \`${server.label}\` listens on ${listening.map((b) => b.port).join(', ')} (${from}): a port published from EXPOSE leads nowhere. Expose ${bind.port} or make the server listen on the exposed port.`,
    }];
  },
};
