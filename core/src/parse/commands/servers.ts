import { fastapi, flask, django, gunicornLike, httpServer, uvicorn } from './webServers';
import { gradio, jupyter, jupyterStart, mlflow, streamlit, tensorboard, tgi, torchserve, tritonserver, vllm } from './mlServers';
import type { Recogniser } from './serverSources';

export type { ServerInput } from './serverSources';

/**
 * One recogniser per server. Defaults and environment variables are the servers' documented ones
 * (sources in docs/servers.md): uvicorn and gunicorn listen on 127.0.0.1:8000, flask
 * run on 127.0.0.1:5000, jupyter on localhost:8888; fastapi run, streamlit, vLLM, TGI and Triton on
 * all interfaces. Keyed by program name, or module name for `python -m …` (`manage.py` for Django).
 */
export const SERVERS: Readonly<Record<string, Recogniser>> = {
  uvicorn,
  gunicorn: gunicornLike('gunicorn', ['gunicorn.conf.py']),
  hypercorn: gunicornLike('hypercorn', []),
  flask,
  'manage.py': django,
  'django-admin': django,
  'http.server': httpServer,
  fastapi,
  streamlit,
  gradio,
  jupyter: jupyter(['lab', 'notebook', 'server', 'nbclassic']),
  'jupyter-lab': jupyter(undefined),
  'jupyter-notebook': jupyter(undefined),
  'jupyter-server': jupyter(undefined),
  notebook: jupyter(undefined),
  'start-notebook.py': jupyterStart,
  'start-notebook.sh': jupyterStart,
  'start-singleuser.py': jupyterStart,
  'start-singleuser.sh': jupyterStart,
  torchserve,
  tritonserver,
  vllm: vllm(true),
  'vllm.entrypoints.openai.api_server': vllm(false),
  'text-generation-launcher': tgi,
  mlflow,
  tensorboard,
};
