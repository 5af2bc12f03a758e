import { tokenizeShell } from '../shellTokens';
import { parseBindAddress, resolveWord, toPort } from './bindAddress';
import { parseOptions, type OptionSpec } from './options';
import type { BindOrigin, DevReason, EnvLookup, ServerBind } from './serve';
import { bindSources, dev, envSource, hostPort, optionSource, origin, server, TRUE, type Recogniser, type Source } from './serverSources';

/** Python web servers: uvicorn, gunicorn, hypercorn, flask run, Django runserver, http.server, the fastapi CLI. */
const UVICORN: OptionSpec = {
  long: { '--host': true, '--port': true, '--uds': true, '--fd': true, '--reload': false, '--reload-dir': true, '--workers': true,
    '--env-file': true, '--log-config': true, '--log-level': true, '--root-path': true, '--app-dir': true, '--loop': true,
    '--http': true, '--ws': true, '--lifespan': true, '--interface': true, '--forwarded-allow-ips': true, '--timeout-keep-alive': true,
    '--ssl-keyfile': true, '--ssl-certfile': true, '--limit-concurrency': true, '--limit-max-requests': true, '--backlog': true },
  short: {},
};

export const uvicorn: Recogniser = (input) => {
  const parsed = parseOptions(input.args, UVICORN);
  const devMode: DevReason[] = [];
  const reload = parsed.options.find((o) => o.name === '--reload');
  if (reload) devMode.push(dev('`--reload` watches the source tree and restarts the server (development only)', reload.word));
  const reloadEnv = input.env('UVICORN_RELOAD');
  if (!reload && reloadEnv?.span && TRUE.test(reloadEnv.value)) devMode.push({ reason: '`UVICORN_RELOAD` turns on auto-reload (development only)', span: reloadEnv.span });
  const socket = parsed.options.some((o) => o.name === '--uds' || o.name === '--fd');
  const host = optionSource(parsed, input.env, '--host') ?? envSource(input.env, 'UVICORN_HOST');
  const port = optionSource(parsed, input.env, '--port') ?? envSource(input.env, 'UVICORN_PORT');
  return server('uvicorn', input, {
    binds: socket ? [] : [hostPort(host, port, { host: '127.0.0.1', port: 8000, label: 'uvicorn' })],
    devMode,
    bindAll: ['--host', '0.0.0.0'],
  });
};

const GUNICORN: OptionSpec = {
  long: { '--bind': true, '--config': true, '--reload': false, '--workers': true, '--worker-class': true, '--threads': true,
    '--timeout': true, '--chdir': true, '--pythonpath': true, '--access-logfile': true, '--error-logfile': true, '--log-file': true,
    '--log-level': true, '--graceful-timeout': true, '--keep-alive': true, '--max-requests': true, '--max-requests-jitter': true,
    '--preload': false, '--daemon': false, '--user': true, '--group': true, '--name': true, '--env': true, '--pid': true,
    '--worker-tmp-dir': true, '--forwarded-allow-ips': true, '--certfile': true, '--keyfile': true, '--backlog': true,
    '--capture-output': false, '--log-config': true, '--paste': true, '--umask': true, '--worker-connections': true },
  short: { b: '--bind', c: '--config', w: '--workers', k: '--worker-class', t: '--timeout', D: '--daemon', e: '--env',
    u: '--user', g: '--group', n: '--name', p: '--pid', m: '--umask' },
};

/** gunicorn: command line over `GUNICORN_CMD_ARGS` over `$PORT` (then 0.0.0.0:$PORT) over a config file over 127.0.0.1:8000. */
export const gunicornLike = (kind: 'gunicorn' | 'hypercorn', configFiles: string[]): Recogniser => (input) => {
  const parsed = parseOptions(input.args, GUNICORN);
  const envArgs = kind === 'gunicorn' ? envOptions(input.env, 'GUNICORN_CMD_ARGS', GUNICORN) : undefined;
  const devMode: DevReason[] = [];
  const reload = parsed.options.find((o) => o.name === '--reload');
  if (reload) devMode.push(dev('`--reload` restarts workers on code changes (development only)', reload.word));
  const flagBinds = parsed.options.filter((o) => o.name === '--bind').map((o) => optionSource({ options: [o], positionals: [] }, input.env, '--bind')!);
  const envBinds = envArgs ? envArgs.binds : [];
  const explicitConfig = parsed.options.some((o) => o.name === '--config') || envArgs?.config === true;
  let binds: ServerBind[];
  let configurable = false;
  if (flagBinds.length > 0) binds = bindSources(flagBinds, kind);
  else if (envBinds.length > 0) binds = bindSources(envBinds, kind);
  else {
    const port = kind === 'gunicorn' ? envSource(input.env, 'PORT') : undefined;
    configurable = explicitConfig || input.hints.mayHaveConfig(configFiles);
    binds = port
      ? [{ host: '0.0.0.0', port: toPort(port.value), hostOrigin: origin(port, ''), portOrigin: origin(port, '') }]
      : [hostPort(undefined, undefined, { host: '127.0.0.1', port: 8000, label: kind })];
  }
  return server(kind, input, { binds, devMode, configurable, bindAll: ['--bind', '0.0.0.0:8000'] });
};

/** Options in an environment variable such as `GUNICORN_CMD_ARGS="--bind=0.0.0.0:8000 --workers=4"`. */
function envOptions(env: EnvLookup, name: string, spec: OptionSpec): { binds: Source[]; config: boolean } | undefined {
  const v = env(name);
  if (!v) return undefined;
  const words = tokenizeShell(v.value).flatMap((t) => (t.kind === 'word' ? [t.word] : []));
  const parsed = parseOptions(words, spec);
  const binds = parsed.options.filter((o) => o.name === '--bind' && o.value !== undefined)
    .map((o): Source => ({ value: o.value!, span: v.span, label: `${name} ${o.word.value}${o.valueWord === o.word ? '' : ` ${o.value}`}`, kind: 'env' }));
  return { binds, config: parsed.options.some((o) => o.name === '--config') };
}

const FLASK_RUN: OptionSpec = {
  long: { '--host': true, '--port': true, '--app': true, '--env-file': true, '--cert': true, '--key': true, '--extra-files': true,
    '--exclude-patterns': true, '--reload': false, '--no-reload': false, '--debug': false, '--no-debug': false, '--debugger': false },
  short: { h: '--host', p: '--port', A: '--app', e: '--env-file' },
};

export const flask: Recogniser = (input) => {
  const parsed = parseOptions(input.args, FLASK_RUN);
  const run = parsed.positionals[0];
  if (run?.value !== 'run') return undefined;
  const devMode = [dev('`flask run` starts Werkzeug\'s development server, which is not built for production traffic', input.word, run)];
  const debug = parsed.options.find((o) => o.name === '--debug' || o.name === '--debugger');
  if (debug) devMode.push(dev('debug mode runs the Werkzeug debugger, which lets anyone who reaches it execute code', debug.word));
  const host = optionSource(parsed, input.env, '--host') ?? envSource(input.env, 'FLASK_RUN_HOST');
  const port = optionSource(parsed, input.env, '--port') ?? envSource(input.env, 'FLASK_RUN_PORT');
  const configurable = parsed.options.some((o) => o.name === '--env-file') || input.hints.mayHaveConfig(['.flaskenv', '.env']);
  return server('flask', { ...input, label: `${input.label} run` }, {
    anchor: run, devMode, configurable, bindAll: ['--host', '0.0.0.0'],
    binds: [hostPort(host, port, { host: '127.0.0.1', port: 5000, label: 'flask run' })],
  });
};

/** `python manage.py runserver [addrport]`: Django's development server, 127.0.0.1:8000 by default. */
export const django: Recogniser = (input) => {
  const parsed = parseOptions(input.args, { long: { '--settings': true, '--pythonpath': true, '--verbosity': true }, short: { v: '--verbosity' } });
  const sub = parsed.positionals[0];
  if (sub?.value !== 'runserver') return undefined;
  const addr = parsed.positionals[1];
  const ipv6 = parsed.options.some((o) => o.name === '--ipv6' || o.name === '-6');
  const defaults = { host: ipv6 ? '::1' : '127.0.0.1', port: 8000, label: 'runserver' };
  let bind: ServerBind = hostPort(undefined, undefined, defaults);
  if (addr) {
    const resolved = resolveWord(addr, addr.value, input.env);
    const parsedAddr = resolved && /:/.test(resolved.value) ? parseBindAddress(resolved.value, 8000) : undefined;
    const o: BindOrigin = { kind: 'flag', label: addr.value, span: resolved?.span };
    if (parsedAddr) bind = { host: parsedAddr.host === '0' ? '0.0.0.0' : parsedAddr.host, port: parsedAddr.port, hostOrigin: o, portOrigin: o };
    else bind = { ...bind, port: resolved ? toPort(resolved.value) : undefined, portOrigin: o };
  }
  return server('django', { ...input, label: `${input.label} runserver` }, {
    anchor: sub, binds: [bind], bindAll: addr ? undefined : ['0.0.0.0:8000'],
    devMode: [dev('`runserver` is Django\'s development server ("do not use this server in a production setting")', input.word, sub)],
  });
};

export const httpServer: Recogniser = (input) => {
  const parsed = parseOptions(input.args, { long: { '--bind': true, '--directory': true, '--protocol': true, '--cgi': false }, short: { b: '--bind', d: '--directory', p: '--protocol' } });
  const host = optionSource(parsed, input.env, '--bind');
  const portWord = parsed.positionals[0];
  const port = portWord ? resolveWord(portWord, portWord.value, input.env) : undefined;
  return server('http.server', input, {
    binds: [hostPort(host, port && { ...port, label: portWord!.value, kind: 'flag' }, { host: '', port: 8000, label: 'http.server' })],
    devMode: [dev('`http.server` is a development server: the Python docs warn it only implements basic security checks', input.word)],
  });
};

export const fastapi: Recogniser = (input) => {
  const parsed = parseOptions(input.args, { long: { '--host': true, '--port': true, '--workers': true, '--root-path': true, '--app': true, '--entrypoint': true, '--reload': false, '--no-reload': false }, short: { e: '--entrypoint' } });
  const sub = parsed.positionals[0];
  if (sub?.value !== 'run' && sub?.value !== 'dev') return undefined;
  const devMode: DevReason[] = [];
  if (sub.value === 'dev') devMode.push(dev('`fastapi dev` runs with auto-reload for development; use `fastapi run`', sub));
  const reload = parsed.options.find((o) => o.name === '--reload');
  if (reload) devMode.push(dev('`--reload` restarts the server on code changes (development only)', reload.word));
  const host = optionSource(parsed, input.env, '--host');
  const port = optionSource(parsed, input.env, '--port');
  return server('fastapi', { ...input, label: `${input.label} ${sub.value}` }, {
    anchor: sub, devMode, bindAll: ['--host', '0.0.0.0'],
    binds: [hostPort(host, port, { host: sub.value === 'dev' ? '127.0.0.1' : '0.0.0.0', port: 8000, label: `fastapi ${sub.value}` })],
  });
};
