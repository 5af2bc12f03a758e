import { parseOptions, type OptionSpec } from './options';
import { dottedOption, envSource, hostPort, optionSource, server, dev, type Recogniser, type Source } from './serverSources';

/** ML apps and model servers: streamlit, gradio, Jupyter, TorchServe, Triton, vLLM, TGI, MLflow, TensorBoard. */
export const streamlit: Recogniser = (input) => {
  const sub = input.args[0];
  if (sub?.value !== 'run') return undefined;
  const host = dottedOption(input.args, input.env, ['--server.address']) ?? envSource(input.env, 'STREAMLIT_SERVER_ADDRESS');
  const port = dottedOption(input.args, input.env, ['--server.port']) ?? envSource(input.env, 'STREAMLIT_SERVER_PORT');
  return server('streamlit', { ...input, label: `${input.label} run` }, {
    anchor: sub, healthPath: '/_stcore/health', bindAll: ['--server.address', '0.0.0.0'],
    configurable: input.hints.mayHaveConfig(['.streamlit/config.toml']),
    binds: [hostPort(host, port, { host: '', port: 8501, label: 'streamlit' })],
  });
};

/** The `gradio` command is Gradio's reload mode; where the app listens is decided in its code. */
export const gradio: Recogniser = (input) => server('gradio', input, {
  configurable: true,
  binds: [hostPort(envSource(input.env, 'GRADIO_SERVER_NAME'), envSource(input.env, 'GRADIO_SERVER_PORT'), { host: '127.0.0.1', port: 7860, label: 'gradio' })],
  devMode: [dev('the `gradio` command runs the app in reload mode for development; start it with `python app.py`', input.word)],
});

const JUPYTER_CONFIGS = ['jupyter_server_config.py', 'jupyter_notebook_config.py', 'jupyter_server_config.json', 'jupyter_notebook_config.json'];

export const jupyter = (subcommands: string[] | undefined): Recogniser => (input) => {
  const sub = subcommands ? input.args[0] : input.word;
  if (!sub || (subcommands && !subcommands.includes(sub.value))) return undefined;
  const args = subcommands ? input.args.slice(1) : input.args;
  const host = dottedOption(args, input.env, ['--ip', '--ServerApp.ip', '--NotebookApp.ip']);
  const port = dottedOption(args, input.env, ['--port', '--ServerApp.port', '--NotebookApp.port']);
  const configurable = input.hints.baseFamily === 'jupyter' || input.hints.mayHaveConfig(JUPYTER_CONFIGS);
  return server('jupyter', { ...input, label: subcommands ? `${input.label} ${sub.value}` : input.label }, {
    anchor: sub, configurable, healthPath: '/api', bindAll: ['--ip=0.0.0.0'],
    binds: [hostPort(host, port, { host: 'localhost', port: 8888, label: 'jupyter' })],
  });
};

/** docker-stacks start scripts run jupyter with the image's config (all interfaces, port 8888). */
export const jupyterStart: Recogniser = (input) => server('jupyter', input, {
  configurable: true, healthPath: '/api',
  binds: [hostPort(undefined, undefined, { host: '0.0.0.0', port: 8888, label: 'jupyter' })],
});

/** TorchServe reads its addresses from config.properties (`--ts-config`, TS_CONFIG_FILE or the working directory). */
export const torchserve: Recogniser = (input) => server('torchserve', input, {
  python: false, configurable: true, healthPath: '/ping',
  binds: [8080, 8081, 8082].map((p) => hostPort(undefined, undefined, { host: '127.0.0.1', port: p, label: 'torchserve' })),
});

export const tritonserver: Recogniser = (input) => {
  const parsed = parseOptions(input.args, { long: { '--http-port': true, '--grpc-port': true, '--metrics-port': true, '--http-address': true, '--grpc-address': true, '--metrics-address': true, '--model-repository': true, '--model-store': true }, short: {} });
  const defaults = (port: number) => ({ host: '0.0.0.0', port, label: 'tritonserver' });
  return server('tritonserver', input, {
    python: false, healthPath: '/v2/health/ready',
    binds: [
      hostPort(optionSource(parsed, input.env, '--http-address'), optionSource(parsed, input.env, '--http-port'), defaults(8000)),
      hostPort(optionSource(parsed, input.env, '--grpc-address'), optionSource(parsed, input.env, '--grpc-port'), defaults(8001)),
      hostPort(optionSource(parsed, input.env, '--metrics-address'), optionSource(parsed, input.env, '--metrics-port'), defaults(8002)),
    ],
  });
};

const VLLM: OptionSpec = { long: { '--host': true, '--port': true, '--config': true, '--uds': true, '--model': true }, short: {} };

export const vllm = (subcommand: boolean): Recogniser => (input) => {
  const sub = subcommand ? input.args[0] : input.word;
  if (!sub || (subcommand && sub.value !== 'serve')) return undefined;
  const parsed = parseOptions(subcommand ? input.args.slice(1) : input.args, VLLM);
  const host = optionSource(parsed, input.env, '--host');
  const port = optionSource(parsed, input.env, '--port');
  return server('vllm', { ...input, label: subcommand ? 'vllm serve' : input.label }, {
    anchor: sub, healthPath: '/health',
    configurable: parsed.options.some((o) => o.name === '--config'),
    binds: parsed.options.some((o) => o.name === '--uds') ? [] : [hostPort(host, port, { host: '', port: 8000, label: 'vllm' })],
  });
};

export const tgi: Recogniser = (input) => {
  const parsed = parseOptions(input.args, { long: { '--hostname': true, '--port': true, '--model-id': true }, short: { p: '--port' } });
  const port = optionSource(parsed, input.env, '--port') ?? envSource(input.env, 'PORT');
  return server('tgi', input, {
    python: false, healthPath: '/health',
    binds: [hostPort(optionSource(parsed, input.env, '--hostname'), port, { host: '0.0.0.0', port: 3000, label: 'text-generation-launcher' })],
  });
};

export const mlflow: Recogniser = (input) => {
  const first = input.args[0];
  const sub = first?.value === 'models' && input.args[1]?.value === 'serve' ? input.args[1] : first?.value === 'server' || first?.value === 'ui' ? first : undefined;
  if (!sub) return undefined;
  const parsed = parseOptions(input.args.slice(input.args.indexOf(sub) + 1), { long: { '--host': true, '--port': true, '--model-uri': true, '--workers': true, '--backend-store-uri': true, '--default-artifact-root': true, '--artifacts-destination': true, '--env-manager': true }, short: { h: '--host', p: '--port', m: '--model-uri', w: '--workers' } });
  const host = optionSource(parsed, input.env, '--host') ?? envSource(input.env, 'MLFLOW_HOST');
  const port = optionSource(parsed, input.env, '--port') ?? envSource(input.env, 'MLFLOW_PORT');
  return server('mlflow', { ...input, label: first?.value === 'models' ? 'mlflow models serve' : `mlflow ${sub.value}` }, {
    anchor: sub, healthPath: '/health', bindAll: ['--host', '0.0.0.0'],
    binds: [hostPort(host, port, { host: '127.0.0.1', port: 5000, label: 'mlflow' })],
  });
};

export const tensorboard: Recogniser = (input) => {
  const parsed = parseOptions(input.args, { long: { '--host': true, '--port': true, '--logdir': true, '--bind_all': false }, short: {} });
  const all = parsed.options.find((o) => o.name === '--bind_all');
  const host: Source | undefined = all ? { value: '0.0.0.0', span: undefined, label: '--bind_all', kind: 'flag' } : optionSource(parsed, input.env, '--host');
  return server('tensorboard', input, {
    bindAll: ['--bind_all'],
    binds: [hostPort(host, optionSource(parsed, input.env, '--port'), { host: 'localhost', port: 6006, label: 'tensorboard' })],
  });
};
