import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeDocument, applyEdits, lintText, type WorkspaceView } from '../../core/src';
import { servingOf } from '../../core/src/model/serving';
import { toolInImage } from '../../core/src/model/installedTools';
import { isSecretName, looksLikeToken } from '../../core/src/knowledge/secrets';

/** The server the final image runs, summarised: kind, host:port of each bind, dev mode, config uncertainty. */
function serve(dockerfile: string, workspace?: WorkspaceView) {
  const serving = servingOf(analyzeDocument(dockerfile), workspace);
  const s = serving.server;
  return s && {
    kind: s.kind,
    binds: s.binds.map((b) => `${b.host ?? '?'}:${b.port ?? '?'}`),
    origins: s.binds.map((b) => b.hostOrigin.kind),
    dev: s.devMode.length > 0,
    configurable: s.configurable,
    python: serving.runsPython,
  };
}

const cmd = (line: string, prelude = '') => `FROM python:3.12-slim\n${prelude}${line}\n`;

test('servers: the commands ML engineers use, with their documented defaults', () => {
  const cases: [string, string, string[], boolean][] = [
    ['CMD ["uvicorn", "app:app"]', 'uvicorn', ['127.0.0.1:8000'], false],
    ['CMD uvicorn app:app --host=0.0.0.0 --port=9000 --reload', 'uvicorn', ['0.0.0.0:9000'], true],
    ['CMD ["python", "-m", "uvicorn", "app:app", "--host", "0.0.0.0"]', 'uvicorn', ['0.0.0.0:8000'], false],
    ['CMD ["gunicorn", "-b", "0.0.0.0:5000", "-b", "[::1]:5001", "app:app"]', 'gunicorn', ['0.0.0.0:5000', '[::1]:5001'], false],
    ['CMD gunicorn --bind=unix:/tmp/g.sock app:app', 'gunicorn', [], false],
    ['CMD ["flask", "--app", "hello", "run", "-p", "8080"]', 'flask', ['127.0.0.1:8080'], true],
    ['CMD ["python", "-m", "http.server", "9000", "--bind", "127.0.0.1"]', 'http.server', ['127.0.0.1:9000'], true],
    ['CMD ["python", "manage.py", "runserver", "0:8000"]', 'django', ['0.0.0.0:8000'], true],
    ['CMD ["fastapi", "run", "main.py"]', 'fastapi', ['0.0.0.0:8000'], false],
    ['CMD ["fastapi", "dev", "main.py"]', 'fastapi', ['127.0.0.1:8000'], true],
    ['CMD ["streamlit", "run", "app.py", "--server.port=8080"]', 'streamlit', [':8080'], false],
    ['CMD ["gradio", "app.py"]', 'gradio', ['127.0.0.1:7860'], true],
    ['CMD ["jupyter", "lab", "--ip=0.0.0.0", "--port", "8899", "--no-browser"]', 'jupyter', ['0.0.0.0:8899'], false],
    ['CMD ["tritonserver", "--model-repository=/models", "--http-port=9000"]', 'tritonserver', ['0.0.0.0:9000', '0.0.0.0:8001', '0.0.0.0:8002'], false],
    ['CMD ["vllm", "serve", "Qwen/Qwen2.5-7B", "--port", "8080"]', 'vllm', [':8080'], false],
    ['CMD ["python3", "-m", "vllm.entrypoints.openai.api_server", "--model", "m", "--host", "0.0.0.0"]', 'vllm', ['0.0.0.0:8000'], false],
    ['ENTRYPOINT ["text-generation-launcher"]\nCMD ["--model-id", "bigscience/bloom-560m", "--port", "8080"]', 'tgi', ['0.0.0.0:8080'], false],
    ['CMD ["torchserve", "--start", "--foreground", "--ts-config", "config.properties"]', 'torchserve', ['127.0.0.1:8080', '127.0.0.1:8081', '127.0.0.1:8082'], false],
    ['CMD ["mlflow", "models", "serve", "-m", "models:/m/1", "-h", "0.0.0.0", "-p", "5001"]', 'mlflow', ['0.0.0.0:5001'], false],
  ];
  for (const [line, kind, binds, dev] of cases) {
    const s = serve(cmd(line));
    assert.equal(s?.kind, kind, line);
    assert.deepEqual(s?.binds, binds, line);
    assert.equal(s?.dev, dev, `${line}: development mode`);
  }
  assert.equal(serve(cmd('CMD ["python", "app.py"]')), undefined, 'app code is not visible: no server is assumed');
});

test('servers: found behind tini, gosu, conda run, micromamba, sh -c and entrypoint scripts', () => {
  const wrapped = [
    'ENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["uvicorn", "app:app"]',
    'ENTRYPOINT ["gosu", "app", "uvicorn", "app:app"]',
    'CMD ["conda", "run", "--no-capture-output", "-n", "serve", "uvicorn", "app:app"]',
    'ENTRYPOINT ["/usr/local/bin/_entrypoint.sh", "uvicorn", "app:app"]',
    'CMD ["/bin/bash", "-lc", "cd /srv && exec uvicorn app:app"]',
    'ENTRYPOINT ["./docker-entrypoint.sh"]\nCMD ["uvicorn", "app:app"]',
    'CMD cd /srv && exec env PYTHONPATH=/srv uvicorn app:app',
  ];
  for (const line of wrapped) assert.equal(serve(cmd(line))?.kind, 'uvicorn', line);
  assert.equal(servingOf(analyzeDocument(cmd('ENTRYPOINT ["gosu", "app", "python", "serve.py"]')), undefined).dropsPrivileges, true);
  const python = (line: string) => servingOf(analyzeDocument(cmd(line)), undefined).runsPython;
  assert.equal(python('CMD ["horovodrun", "-np", "4", "python", "train.py"]'), true, 'launchers run Python');
  assert.equal(python('CMD ["torchrun", "--nproc-per-node=8", "train.py"]'), true);
  assert.equal(python('CMD ["python", "-c", "print(1)"]'), false, 'a one-liner is not a service');
  assert.equal(python('CMD ["tritonserver", "--model-repository=/models"]'), false);
});

test('servers: host and port from the environment, and what a config file could change', () => {
  assert.deepEqual(serve(cmd('CMD ["uvicorn", "app:app"]', 'ENV UVICORN_HOST=0.0.0.0 UVICORN_PORT=9000\n'))?.binds, ['0.0.0.0:9000']);
  assert.deepEqual(serve(cmd('CMD ["gunicorn", "app:app"]', 'ENV GUNICORN_CMD_ARGS="--bind=0.0.0.0:8080 --workers=2"\n'))?.binds, ['0.0.0.0:8080']);
  assert.deepEqual(serve(cmd('CMD ["gunicorn", "app:app"]', 'ENV PORT=7000\n'))?.binds, ['0.0.0.0:7000'], 'gunicorn binds 0.0.0.0:$PORT');
  assert.deepEqual(serve(cmd('CMD uvicorn app:app --port "$PORT"', 'ARG DEFAULT_PORT=8001\nENV PORT=${DEFAULT_PORT}\n'))?.binds, ['127.0.0.1:8001']);
  assert.deepEqual(serve(cmd('CMD ["uvicorn", "app:app", "--port", "$PORT"]', 'ENV PORT=8001\n'))?.binds, ['127.0.0.1:?'], 'exec form does not expand $PORT');
  const flaskEnv = serve(cmd('CMD ["flask", "run"]', 'ENV FLASK_RUN_HOST=0.0.0.0 FLASK_RUN_PORT=8000\n'));
  assert.deepEqual([flaskEnv?.binds, flaskEnv?.origins], [['0.0.0.0:8000'], ['env']]);

  const gunicorn = cmd('CMD ["gunicorn", "app:app"]', 'COPY . /app\nWORKDIR /app\n');
  const empty: WorkspaceView = { contextDir: '/ctx', readFile: () => undefined, exists: () => false };
  const withConfig: WorkspaceView = { ...empty, exists: (p) => p === 'gunicorn.conf.py' };
  assert.equal(serve(gunicorn)?.configurable, true, 'without the build context, ./gunicorn.conf.py may exist');
  assert.equal(serve(gunicorn, empty)?.configurable, false, 'the context has no gunicorn.conf.py');
  assert.equal(serve(gunicorn, withConfig)?.configurable, true);
  assert.equal(serve(cmd('CMD ["gunicorn", "app:app"]'))?.configurable, false, 'nothing is copied in, so no config file can be there');
  assert.equal(serve('FROM quay.io/jupyter/base-notebook:2024-10-07\nCMD ["jupyter", "lab"]\n')?.configurable, true, 'the Jupyter images configure ip');
});

test('ML503 reports gunicorn and jupyter defaults only when no config file can change them', () => {
  const dockerfile = 'FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\nCMD ["gunicorn", "app:app"]\n';
  const empty: WorkspaceView = { contextDir: '/ctx', readFile: () => undefined, exists: () => false };
  const rules = (ws?: WorkspaceView) => lintText(dockerfile, { workspace: ws }).diagnostics.filter((d) => d.rule === 'ML503');
  assert.equal(rules().length, 0);
  const [finding] = rules(empty);
  assert.ok(finding, 'the build context has no gunicorn.conf.py: the default 127.0.0.1 is certain');
  const result = lintText(dockerfile, { workspace: empty });
  const edits = finding.finding!.data as { edits: { start: number; end: number; newText: string }[] };
  assert.equal(applyEdits(dockerfile, edits.edits), dockerfile.replace('["gunicorn", "app:app"]', '["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]'));
  assert.ok(result.diagnostics.some((d) => d.rule === 'ML503' && d.fixable));
});

test('tools in the image: base image facts plus what RUN installs and removes', () => {
  const tool = (text: string) => toolInImage(analyzeDocument(text), 'curl');
  assert.equal(tool('FROM python:3.12-slim\n'), false);
  assert.equal(tool('FROM python:3.12\n'), true);
  assert.equal(tool('FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\n'), true);
  assert.equal(tool('FROM python:3.12-slim\nRUN apt-get install -y curl && do-stuff && apt-get purge -y curl\n'), false);
  assert.equal(tool('FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .fetch curl && fetch && apk del .fetch\n'), false);
  assert.equal(tool('FROM python:3.12-alpine\nRUN apk add --no-cache curl\n'), true);
  assert.equal(tool('FROM registry.example.com/base:1\n'), undefined, 'unknown image: unknown');
  assert.equal(tool('FROM python:3.12-slim AS b\nRUN apt-get install -y curl\nFROM python:3.12-slim\n'), false, 'installed in another stage');
});

test('secret names are matched word by word, and token formats by value', () => {
  for (const name of ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'WANDB_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'SECRET_KEY', 'GITHUB_PAT', 'KAGGLE_KEY', 'ssh_private_key']) {
    assert.equal(isSecretName(name), true, name);
  }
  for (const name of ['TOKENIZERS_PARALLELISM', 'MAX_TOKENS', 'HF_TOKEN_PATH', 'DB_PASSWORD_FILE', 'AWS_ACCESS_KEY_ID', 'HF_HUB_DISABLE_IMPLICIT_TOKEN', 'PYTHON_GPG_KEY', 'SECRET_NAME', 'PATH', 'PASSWORD_MIN_LENGTH']) {
    assert.equal(isSecretName(name), false, name);
  }
  assert.equal(looksLikeToken('hf_' + 'a'.repeat(34)), true);
  assert.equal(looksLikeToken('AKIA' + 'ABCDEFGHIJKLMNOP'), true);
  assert.equal(looksLikeToken('bert-base-uncased'), false);
});

test('secrets never appear in messages or in the fixes', () => {
  const values = ['hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 's3cr3t-pass', 'changeme', 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789'];
  const text = [
    'FROM python:3.12-slim',
    `ENV HF_TOKEN=${values[0]} DB_PASSWORD=${values[2]}`,
    `ARG PIP_INDEX_URL=https://ml:${values[1]}@pypi.example.com/simple`,
    `RUN git clone https://${values[3]}@github.com/acme/private.git && python download.py`,
    'CMD ["python", "serve.py"]',
  ].join('\n');
  const result = lintText(text);
  const reported = result.diagnostics.filter((d) => d.rule === 'ML402' || d.rule === 'ML407');
  assert.equal(reported.length, 4);
  for (const d of reported) {
    const fixes = JSON.stringify(result.context && d.finding ? [d.finding.data] : []);
    for (const v of values) {
      assert.ok(!d.message.includes(v), `${d.rule} message must not contain the secret`);
      assert.ok(!fixes.replace(/"start":\d+,"end":\d+,"newText":""/g, '').includes(v), `${d.rule} fix must not write the secret anywhere`);
    }
  }
});

test('applyEdits applies identical edits once', () => {
  const edit = { start: 0, end: 4, newText: '' };
  assert.equal(applyEdits('ENV A=1\n', [edit, { ...edit }]), 'A=1\n');
});
