import fc from 'fast-check';
import { seedDockerfiles } from './seedCorpus';

/**
 * fast-check arbitraries for Dockerfiles: generated from a grammar of what people write (and get
 * wrong) in ML Dockerfiles, and mutated from the seed corpus. Shared by the fuzz tier and the
 * equivalence tests, so a case that breaks one is easy to replay in the other.
 */

const IMAGES = [
  'python:3.11-slim', 'python', 'python:latest', 'nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04', 'pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime',
  'ubuntu:22.04@sha256:0123456789abcdef', '${BASE}', '${BASE:-python:3.12}', 'scratch', 'builder', '0', 'registry.example.com:5000/team/img:1.0', '$IMG',
];
const WORDS = ['pip', 'pip3', 'python', '-m', 'install', 'apt-get', 'update', 'conda', 'curl', 'wget', '-fsSL', 'https://example.com/x.sh', '-y', '--no-install-recommends',
  'torch==2.3.0', 'numpy', '-r', 'requirements.txt', '--no-cache-dir', '--upgrade', '&&', '||', ';', '|', '>', '/dev/null', '2>&1', 'rm', '-rf', '/var/lib/apt/lists/*',
  '"quoted arg"', "'single $X'", '$HOME', '${PY_VER}', '$(uname -m)', '`date`', 'echo', 'cd', '/app', 'sh', '-c', 'mamba', 'micromamba', 'uv', 'poetry', 'sudo', 'env', 'X=1',
  '\\', '"', "'", '{', '}', '(', ')', '<<', '#', '=', '--mount=type=cache,target=/root/.cache/pip', 'tensorflow[and-cuda]', 'jax[cuda12]', 'git+https://github.com/x/y.git'];
const FLAGS = ['--from=builder', '--from=0', '--chown=1000:1000', '--chmod=755', '--link', '--platform=$BUILDPLATFORM', '--mount=type=cache,target=/root/.cache/pip',
  '--mount=type=secret,id=tok', '--mount=from=builder,source=/w,target=/w', '--network=none', '--interval=30s', '--timeout=3s', '--', '--=', '--x'];
const KEYWORDS = ['FROM', 'RUN', 'CMD', 'ENTRYPOINT', 'COPY', 'ADD', 'ENV', 'ARG', 'LABEL', 'EXPOSE', 'USER', 'WORKDIR', 'VOLUME', 'HEALTHCHECK', 'SHELL',
  'ONBUILD', 'STOPSIGNAL', 'MAINTAINER', 'from', 'Run', 'IF', 'FROMM', 'RUN\\'];
const ODD = ['\u0000', '\uFEFF', '\r', '\t', '\u00a0', 'é', '中', '😀', '\uD800', '\\\\', '`', '"', "'", '[', ']', ',', '$', '${', '}', '<<-EOF', 'EOF', '\\\r\n'];

const word = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(...ODD) });
const words = (max: number) => fc.array(word, { minLength: 0, maxLength: max }).map((w) => w.join(' '));
const json = fc.array(fc.oneof(fc.constantFrom('python', 'app.py', '-m', 'uvicorn', 'serve:app', '--host', '0.0.0.0', '', 'a"b', 'c\\d'), fc.string({ maxLength: 6 })), { maxLength: 5 })
  .chain((items) => fc.constantFrom(JSON.stringify(items), JSON.stringify(items).replace(/"/g, "'"), JSON.stringify(items).slice(0, -1), `[${items.join(', ')}]`));
const property = fc.tuple(fc.constantFrom('PY', 'BASE', 'PIP_NO_CACHE_DIR', 'A', 'org.opencontainers.image.title', ''), fc.oneof(fc.constantFrom('', '=1', '=3.11', '="a b"', "='x y'", '=${PY}', ' legacy value', '=a\\ b'), fc.string({ maxLength: 6 })))
  .map(([k, v]) => `${k}${v}`);
const heredoc = fc.tuple(fc.constantFrom('EOF', 'SCRIPT', '"EOT"', "'RAW'", '-EOF'), words(8), fc.boolean()).map(([name, body, close]) => {
  const bare = name.replace(/^-/, '').replace(/["']/g, '');
  return `<<${name}\n${body}\n${close ? bare : ''}`;
});

const instruction: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.option(fc.constantFrom(...FLAGS.slice(5, 6))), fc.constantFrom(...IMAGES), fc.option(fc.constantFrom('AS builder', 'as Runtime', 'AS', 'AS 0', 'AS a b'))).map(([f, i, a]) => ['FROM', f, i, a].filter((x) => x !== null).join(' ')) },
  { weight: 6, arbitrary: fc.tuple(fc.array(fc.constantFrom(...FLAGS), { maxLength: 2 }), fc.oneof({ weight: 4, arbitrary: words(14) }, { weight: 1, arbitrary: json }, { weight: 1, arbitrary: heredoc })).map(([f, body]) => ['RUN', ...f, body].join(' ')) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('CMD', 'ENTRYPOINT'), fc.oneof(json, words(6))).map(([k, b]) => `${k} ${b}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('COPY', 'ADD'), fc.array(fc.constantFrom(...FLAGS), { maxLength: 2 }), fc.oneof(words(4), heredoc, json)).map(([k, f, b]) => [k, ...f, b].join(' ')) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('ENV', 'ARG', 'LABEL'), fc.array(property, { minLength: 0, maxLength: 3 })).map(([k, ps]) => `${k} ${ps.join(' ')}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('HEALTHCHECK'), fc.constantFrom('NONE', '--interval=30s CMD curl -f http://localhost/ || exit 1', 'CMD ["curl", "-f", "x"]', 'CMD', '--retries=3')).map((p) => p.join(' ')) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('ONBUILD', 'SHELL', 'USER', 'WORKDIR', 'EXPOSE', 'VOLUME', 'STOPSIGNAL', 'MAINTAINER'), fc.oneof(words(3), json, fc.constantFrom('RUN pip install x', 'root', '1000:1000', '8080/tcp', '["/bin/bash", "-c"]'))).map((p) => p.join(' ')) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...KEYWORDS), words(5)).map((p) => p.join(' ')) },
  { weight: 2, arbitrary: fc.constantFrom('# a comment', '# mldock ignore=ML201', '# mldock global ignore=ML106,ML501', '#', '', '   ', '\t# indented comment') },
);

/** Breaks some spaces of an instruction into escaped line continuations, sometimes with comment lines inside. */
function continued(line: string, escape: string, cuts: number[]): string {
  let out = line;
  for (const c of cuts) {
    const at = out.indexOf(' ', Math.floor(c * out.length));
    if (at < 0) continue;
    const tail = c > 0.8 ? `${escape}  \n    # inside\n   ` : c > 0.6 ? `${escape}\r\n  ` : `${escape}\n    `;
    out = out.slice(0, at) + ' ' + tail + out.slice(at + 1);
  }
  return out;
}

/** A generated Dockerfile: optional directives, instructions with continuations, odd bytes and line endings. */
export const generatedDockerfile: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '# syntax=docker/dockerfile:1\n', '# escape=`\n', '# escape=\\\n', '\uFEFF', '# check=skip=all\n# escape=`\n'),
    fc.array(fc.tuple(instruction, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 2 })), { minLength: 0, maxLength: 25 }),
    fc.constantFrom('\n', '\n', '\n', '\r\n', '\r'),
    fc.option(fc.tuple(fc.nat({ max: 30 }), fc.constantFrom(...ODD)), { freq: 4 }),
    fc.boolean(),
  )
  .map(([prefix, items, eol, odd, trailingNewline]) => {
    const escape = prefix.includes('escape=`') ? '`' : '\\';
    const lines = items.map(([line, cuts]) => continued(line, escape, cuts));
    if (odd) lines.splice(odd[0] % (lines.length + 1), 0, odd[1]);
    const body = lines.join('\n').replace(/\n/g, eol);
    return prefix + body + (trailingNewline ? eol : '');
  });

const SEEDS = seedDockerfiles().map((s) => s.text);

/** A seed Dockerfile with random edits: deletions, insertions of fragments or odd bytes, truncation, CRLF. */
export const mutatedSeed: fc.Arbitrary<string> = fc
  .tuple(
    fc.nat({ max: SEEDS.length - 1 }),
    fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 40 }), fc.oneof(fc.constantFrom(...ODD, ...WORDS, '\n', '\\\n', '<<EOF\n', '["x", ', 'FROM ', '\nRUN '), fc.string({ maxLength: 8 }))), { minLength: 1, maxLength: 6 }),
    fc.boolean(),
  )
  .map(([i, edits, crlf]) => {
    let text = SEEDS[i]!;
    for (const [where, del, insert] of edits) {
      const at = Math.floor(where * text.length);
      text = text.slice(0, at) + insert + text.slice(Math.min(text.length, at + del));
    }
    return crlf ? text.replace(/\r?\n/g, '\r\n') : text;
  });

/** Either kind, plus the occasional very long line. */
export const anyDockerfile: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: generatedDockerfile },
  { weight: 4, arbitrary: mutatedSeed },
  { weight: 1, arbitrary: fc.tuple(generatedDockerfile, fc.constantFrom('RUN pip install ', 'ENV A=', '# ', 'RUN ["', 'LABEL x="'), fc.constantFrom('a', 'x ', '\\', '"', '$', '-')).map(([d, head, unit]) => `${d}\n${head}${unit.repeat(20_000)}\n`) },
);
