import { finalHealthcheck } from '../model/healthcheck';
import { rootFacts, toolInImage } from '../model/installedTools';
import type { Finding, Rule } from './types';

/**
 * `python:*-slim`, Debian, Ubuntu, CUDA and distroless images have no curl; a HEALTHCHECK that calls
 * it fails every time ("executable file not found"), so the container is marked unhealthy forever
 * and orchestrators that act on health restart or never route to it.
 */
export const ML506: Rule = {
  id: 'ML506',
  title: '`HEALTHCHECK` uses a tool the image does not have',
  defaultSeverity: 'warning',
  summary: 'The HEALTHCHECK runs curl or wget (or a shell) that the image does not contain, so every check fails and the container is reported unhealthy even when the server works.',
  check({ doc }) {
    const check = finalHealthcheck(doc);
    if (!check || check.none) return [];
    const findings: Finding[] = [];
    const facts = rootFacts(doc);
    if (check.shellForm && facts?.shell === false) {
      findings.push({
        ruleId: 'ML506',
        span: { start: check.instruction.start, end: check.instruction.end },
        message: `A shell-form HEALTHCHECK runs under /bin/sh, and the base image (${facts.family}) has no shell: every check fails. Use the exec form, e.g. \`HEALTHCHECK CMD ["python3", "-c", "…"]\`.`,
      });
      return findings;
    }
    for (const program of check.programs) {
      if (program.name !== 'curl' && program.name !== 'wget') continue;
      if (toolInImage(doc, program.name) !== false) continue;
      const python = typeof facts?.python === 'string';
      findings.push({
        ruleId: 'ML506',
        span: program.span,
        message: `The HEALTHCHECK runs \`${program.name}\`, which the final image does not have${facts ? ` (${facts.family} base images ship without it and no RUN installs it)` : ''}: every check fails and the container stays unhealthy. ${python ? 'Use Python instead, e.g. `CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://127.0.0.1:8000/health\', timeout=4)"]`, or install it.' : `Install ${program.name} in the final stage or check with a tool the image has.`}`,
      });
    }
    return findings;
  },
};
