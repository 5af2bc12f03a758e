import { servingOf } from '../model/serving';
import { stageAncestry } from '../model/stages';
import type { Finding, Rule } from './types';

/**
 * Development servers in production images: Werkzeug (`flask run`), Django's `runserver`,
 * `python -m http.server`, auto-reload (`--reload`, `fastapi dev`, the `gradio` command) and
 * Flask debug mode. They are single-process, unhardened, and the Werkzeug debugger executes code.
 */
export const ML502: Rule = {
  id: 'ML502',
  title: 'Development server as the container command',
  defaultSeverity: 'warning',
  summary: 'The container starts a development server (`flask run`, `uvicorn --reload`, `python -m http.server`, `manage.py runserver`, debug mode). These are built for a laptop: no worker management, file watching that costs CPU, and debuggers that execute code sent to them.',
  check({ doc, workspace }) {
    const findings: Finding[] = [];
    const serving = servingOf(doc, workspace);
    const server = serving.server;
    if (server && server.devMode.length > 0) {
      const first = server.devMode[0]!;
      findings.push({
        ruleId: 'ML502',
        span: first.span,
        message: `Development server in the container command: ${server.devMode.map((d) => d.reason).join('; ')}. ${advice(server.kind)}`,
      });
    }
    // FLASK_DEBUG is read by `flask run` and by `app.run()` in a script; gunicorn/uvicorn ignore it.
    const flaskMayRead = server?.kind === 'flask' || (server === undefined && serving.runsPython);
    if (!flaskMayRead || !doc.finalStage) return findings;
    for (const stage of stageAncestry(doc.finalStage)) {
      for (const env of stage.env) {
        const debug = (env.name === 'FLASK_DEBUG' && /^(1|true|yes|on)$/i.test(env.value)) || (env.name === 'FLASK_ENV' && env.value === 'development');
        if (!debug) continue;
        findings.push({
          ruleId: 'ML502',
          span: { start: env.property.nameSpan.start, end: env.property.valueSpan?.end ?? env.property.nameSpan.end },
          message: `\`${env.name}=${env.value}\` turns on Flask debug mode in the image: the Werkzeug debugger lets anyone who reaches the app run code. Set it only in development (\`docker run -e ${env.name}=…\`).`,
        });
      }
    }
    return findings;
  },
};

function advice(kind: string): string {
  switch (kind) {
    case 'flask': return 'Serve the app with a production WSGI server, e.g. `gunicorn --bind 0.0.0.0:8000 app:app`.';
    case 'django': return 'Serve it with gunicorn or uvicorn, e.g. `gunicorn --bind 0.0.0.0:8000 mysite.wsgi`.';
    case 'http.server': return 'Serve static files with a real web server (nginx, caddy) or from the app server.';
    case 'fastapi': return 'Use `fastapi run` (or uvicorn without `--reload`).';
    case 'gradio': return 'Start the app with `python app.py` and `demo.launch(server_name="0.0.0.0")`.';
    default: return 'Drop the development flag in the image; keep it for local runs.';
  }
}
