import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fsWorkspace, lintText, type LintResult } from '../../core/src';
import { variantOfCuda } from '../../core/src/knowledge/versions';
import { FIXTURES } from '../helpers/paths';
import { choiceCombinations, expandSnippet } from '../helpers/snippetBody';
import { loadSnippets, type SnippetEntry } from '../helpers/snippetFiles';

// Every Dockerfile snippet, with every combination of its choices, is inserted into a realistic
// Dockerfile and must pass MLDock's own rules with no warning or error and no syntax finding: a snippet
// that teaches what the linter then flags would be worse than none.
const CONTEXT = path.join(FIXTURES, 'snippets', 'context');
const SNIPPET = '{{snippet}}';

interface Host {
  /** The Dockerfile around the snippet; file templates are the whole file (`{{snippet}}` alone). */
  readonly text: string;
  /** Informational rules the result may show (BuildKit-only syntax is the point of some snippets). */
  readonly infos?: readonly string[];
  /** Choices that only go together in pairs: a combination the user picked apart must be flagged by `rule`. */
  readonly mismatch?: { readonly when: (combo: ReadonlyMap<number, string>) => boolean; readonly rule: string };
}

const PYTHON_SERVER_TAIL = [
  'RUN useradd --create-home --no-log-init --uid 10001 app',
  'WORKDIR /home/app',
  'COPY --chown=app:app app.py .',
  'USER 10001',
  'EXPOSE 8000',
  'HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://127.0.0.1:8000/health\', timeout=4)"]',
  'CMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]',
].join('\n');

/** Keyed by each snippet's first prefix. */
const HOSTS: Readonly<Record<string, Host>> = {
  'ml-cuda-multistage': {
    text: SNIPPET,
    // $1 is the CUDA version of the images, $2 the PyTorch wheel variant: 12.6.3 goes with cu126.
    mismatch: { when: (combo) => variantOfCuda(combo.get(1)!) !== `cu${combo.get(2)}`, rule: 'ML203' },
  },
  'ml-cpu-multistage': { text: SNIPPET },
  'ml-micromamba': { text: SNIPPET },
  'ml-syntax': {
    text: `${SNIPPET}FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n${PYTHON_SERVER_TAIL}\n`,
    infos: ['ML004'],
  },
  'ml-pip-cache': {
    text: `# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\n${SNIPPET}${PYTHON_SERVER_TAIL}\n`,
    infos: ['ML004'],
  },
  'ml-torch-cpu': {
    text: `FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\n${SNIPPET}COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n${PYTHON_SERVER_TAIL}\n`,
  },
  'ml-nonroot': {
    text: `FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n${SNIPPET}EXPOSE 8000\nHEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]\n`,
  },
  'ml-healthcheck': {
    text: `FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nRUN useradd --create-home --no-log-init --uid 10001 app\nWORKDIR /home/app\nCOPY --chown=app:app app.py .\nUSER 10001\nEXPOSE 8000\n${SNIPPET}CMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]\n`,
  },
  'ml-secret-token': {
    text: `# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 HF_HOME=/opt/hf\nRUN pip install huggingface_hub==0.35.3\n${SNIPPET}RUN useradd --create-home --no-log-init --uid 10001 app\nWORKDIR /home/app\nCOPY --chown=app:app train.py .\nUSER 10001\nCMD ["python", "train.py"]\n`,
    infos: ['ML004'],
  },
  'ml-apt': {
    text: `FROM python:3.12-slim\n${SNIPPET}ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n${PYTHON_SERVER_TAIL}\n`,
  },
  'ml-env-python': {
    // pip without --no-cache-dir: only the snippet's PIP_NO_CACHE_DIR keeps ML201 quiet.
    text: `FROM python:3.12-slim\n${SNIPPET}COPY requirements.txt .\nRUN pip install -r requirements.txt\n${PYTHON_SERVER_TAIL}\n`,
  },
};

function lint(text: string): LintResult {
  return lintText(text, { workspace: fsWorkspace(CONTEXT, 'Dockerfile') });
}

function describeProblems(result: LintResult, infos: readonly string[]): string[] {
  return result.diagnostics
    .filter((d) => d.severity !== 'info' || d.source !== 'mldock' || !infos.includes(d.rule))
    .map((d) => `${result.lines.positionAt(d.span.start).line + 1}: ${d.rule} (${d.severity}) ${d.message}`);
}

function label(combo: ReadonlyMap<number, string>): string {
  return combo.size === 0 ? 'defaults' : [...combo].map(([i, v]) => `$${i}=${v}`).join(' ');
}

const dockerfileSnippets = loadSnippets('dockerfile.json');
const requirementSnippets = loadSnippets('pip-requirements.json');

describe('snippet files', () => {
  test('prefixes are unique within each language and every snippet is found under ml-', () => {
    for (const file of [dockerfileSnippets, requirementSnippets]) {
      const all = file.flatMap((s) => s.prefixes);
      assert.deepEqual(all.filter((p, i) => all.indexOf(p) !== i), [], 'duplicate prefixes');
    }
    for (const s of dockerfileSnippets) assert.match(s.prefixes[0]!, /^ml-/, s.name);
    for (const s of requirementSnippets) {
      assert.ok(s.prefixes.some((p) => p.startsWith('ml-')), s.name);
      assert.ok(!expandSnippet(s.body).endsWith('\n'), `${s.name} ends on its last line`);
    }
  });

  test('the snippets the issue asks for are there', () => {
    const prefixes = new Set(dockerfileSnippets.flatMap((s) => s.prefixes));
    for (const p of ['ml-cuda-multistage', 'ml-micromamba', 'ml-pip-cache', 'ml-torch-cpu', 'ml-nonroot', 'ml-healthcheck', 'ml-secret-token']) {
      assert.ok(prefixes.has(p), p);
    }
  });

  test('every Dockerfile snippet has a host Dockerfile in this test, and every host a snippet', () => {
    assert.deepEqual(dockerfileSnippets.map((s) => s.prefixes[0]).sort(), Object.keys(HOSTS).sort());
  });

  test('file templates are whole Dockerfiles ending with a line break; fragments end on their last line', () => {
    for (const s of dockerfileSnippets) {
      const text = expandSnippet(s.body);
      assert.equal(/^FROM /m.test(text), s.isFileTemplate, s.name);
      assert.equal(text.endsWith('\n'), s.isFileTemplate, `${s.name}: line break at the end`);
      if (s.isFileTemplate) assert.equal(s.prefixes.length, 1, `${s.name}: Fill File with Snippet lists every prefix, so a template has one`);
      assert.equal(HOSTS[s.prefixes[0]!]!.text === SNIPPET, s.isFileTemplate, `${s.name}: a file template is linted as the whole file`);
    }
  });
});

describe('the snippet expander refuses what VS Code would insert differently', () => {
  test('an unescaped $NAME is a variable, not text', () => {
    assert.throws(() => expandSnippet('ENV PATH=/opt/venv/bin:$PATH'), /\$PATH` is a snippet variable/);
    assert.equal(expandSnippet('ENV PATH=/opt/venv/bin:\\$PATH'), 'ENV PATH=/opt/venv/bin:$PATH');
  });

  test('a tab stop defined twice, a stray } and an unterminated choice fail', () => {
    assert.throws(() => expandSnippet('${1:a} ${1:b}'), /defined twice/);
    assert.throws(() => expandSnippet('a } b'), /unescaped `}`/);
    assert.throws(() => expandSnippet('${1|a,b}'), /unterminated choice/);
  });

  test('choices and mirrors expand as VS Code inserts them', () => {
    const body = 'FROM nvidia/cuda:${1|12.6.3,13.0.3|}-base\ntorch==${2:2.11.0}+cu${3|126,130|} $2 $1';
    assert.equal(expandSnippet(body), 'FROM nvidia/cuda:12.6.3-base\ntorch==2.11.0+cu126 2.11.0 12.6.3');
    assert.equal(expandSnippet(body, new Map([[1, '13.0.3'], [3, '130']])), 'FROM nvidia/cuda:13.0.3-base\ntorch==2.11.0+cu130 2.11.0 13.0.3');
    assert.equal(choiceCombinations(body).length, 4);
  });

  test('a transform is refused: VS Code applies it only when the user tabs out of the placeholder', () => {
    assert.throws(() => expandSnippet('${1|12.6.3,13.0.3|} cu${1/^(\\d+)\\.(\\d+).*$/$1$2/}'), /a transform on \$1/);
  });
});

/** What the snippet puts in the host: fragments end on their last line, the host's line break follows. */
function insertion(snippet: SnippetEntry, combo: ReadonlyMap<number, string>): string {
  const text = expandSnippet(snippet.body, combo);
  return snippet.isFileTemplate ? text : `${text}\n`;
}

function checkDockerfileSnippet(snippet: SnippetEntry): void {
  const host = HOSTS[snippet.prefixes[0]!];
  if (!host) return;
  for (const combo of choiceCombinations(snippet.body)) {
    const text = host.text.replace(SNIPPET, insertion(snippet, combo));
    if (host.mismatch?.when(combo)) {
      test(`${snippet.prefixes[0]} (${label(combo)}): choices that do not go together are flagged by ${host.mismatch.rule}`, () => {
        const result = lint(text);
        assert.ok(result.diagnostics.some((d) => d.rule === host.mismatch!.rule && d.severity !== 'info'), `\n${text}`);
      });
      continue;
    }
    test(`${snippet.prefixes[0]} (${label(combo)}) lints clean in a Dockerfile`, () => {
      const result = lint(text);
      assert.deepEqual(result.failures, [], 'no analysis step may fail');
      assert.deepEqual(describeProblems(result, host.infos ?? []), [], `\n${text}`);
    });
  }
}

describe('Dockerfile snippets pass MLDock', () => {
  for (const snippet of dockerfileSnippets) checkDockerfileSnippet(snippet);

  test('the hosts are not what keeps the results clean: a bad fragment in the same host is flagged', () => {
    const host = HOSTS['ml-torch-cpu']!.text;
    const bad = lint(host.replace(SNIPPET, 'RUN pip install torch torchvision\n'));
    assert.ok(bad.diagnostics.some((d) => d.rule === 'ML201'), 'pip cache left in the layer');
    assert.ok(bad.diagnostics.some((d) => d.rule === 'ML202'), 'CUDA wheels on a CPU image');
    const mismatch = lint(host.replace(SNIPPET, 'RUN pip install --no-cache-dir torch==2.11.0+cpu torchvision==0.25.0+cpu --index-url https://download.pytorch.org/whl/cpu\n'));
    assert.ok(mismatch.diagnostics.some((d) => d.rule === 'ML205'), 'torchvision of another torch');
    const root = lint(HOSTS['ml-nonroot']!.text.replace(SNIPPET, ''));
    assert.ok(root.diagnostics.some((d) => d.rule === 'ML401'), 'runs as root without the non-root snippet');
  });
});

/** A build context with the snippet as its requirements file, linted through a Dockerfile that installs it. */
function lintRequirements(requirements: string, dockerfile: string): LintResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-snippet-'));
  try {
    fs.cpSync(CONTEXT, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'requirements.txt'), requirements);
    return lintText(dockerfile, { workspace: fsWorkspace(dir, 'Dockerfile') });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const REQUIREMENTS_HOST = `FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n${PYTHON_SERVER_TAIL}\n`;

describe('requirements snippets pass MLDock when a Dockerfile installs them', () => {
  for (const snippet of requirementSnippets) {
    for (const combo of choiceCombinations(snippet.body)) {
      test(`${snippet.prefixes[0]} (${label(combo)})`, () => {
        const requirements = `fastapi==0.115.6\nuvicorn==0.32.1\n${expandSnippet(snippet.body, combo)}\n`;
        const result = lintRequirements(requirements, REQUIREMENTS_HOST);
        assert.deepEqual(result.failures, []);
        assert.deepEqual(describeProblems(result, []), [], `\n${requirements}`);
      });
    }
  }

  test('the requirements host sees the file: --index-url in it is flagged', () => {
    const result = lintRequirements('--index-url https://download.pytorch.org/whl/cpu\ntorch==2.11.0+cpu\nfastapi==0.115.6\n', REQUIREMENTS_HOST);
    assert.ok(result.diagnostics.some((d) => d.rule === 'ML207'));
  });
});
