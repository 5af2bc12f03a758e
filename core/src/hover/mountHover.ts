import type { Flag } from '../model/types';
import { bullets, heading } from './markdown';

interface MountDoc {
  readonly summary: string;
  readonly options: string;
  readonly example: string;
}

const MOUNTS: Readonly<Record<string, MountDoc>> = {
  cache: {
    summary: 'A BuildKit cache directory kept between builds and never stored in the image. Ideal for pip, uv, conda and apt downloads: rebuilds reuse multi-GB CUDA wheels without shipping them.',
    options: '`target` (required), `id`, `sharing=shared|private|locked`, `from`, `source`, `mode`, `uid`, `gid`, `ro`',
    example: '`RUN --mount=type=cache,target=/root/.cache/pip pip install torch` (no `--no-cache-dir` needed)',
  },
  secret: {
    summary: 'Makes a secret available to this RUN only — as a file (`/run/secrets/<id>` or `target`) or an environment variable (`env=`) — without writing it to any layer or the build history.',
    options: '`id`, `target`, `env`, `required`, `mode`, `uid`, `gid`',
    example: '`RUN --mount=type=secret,id=hf_token,env=HF_TOKEN python download.py`, built with `docker build --secret id=hf_token,env=HF_TOKEN .`',
  },
  bind: {
    summary: 'Bind-mounts files from the build context or another stage (`from=`) for this RUN only: nothing is copied into the layer.',
    options: '`target` (required), `source`, `from`, `rw` (writes are discarded)',
    example: '`RUN --mount=type=bind,source=requirements.txt,target=/tmp/req.txt pip install -r /tmp/req.txt`',
  },
  tmpfs: { summary: 'An in-memory filesystem for this RUN only.', options: '`target` (required), `size`', example: '`RUN --mount=type=tmpfs,target=/tmp …`' },
  ssh: { summary: 'Forwards the SSH agent (or keys) to this RUN, e.g. for `pip install git+ssh://…` from private repositories.', options: '`id`, `target`, `required`, `mode`, `uid`, `gid`', example: '`RUN --mount=type=ssh pip install git+ssh://git@github.com/org/pkg.git`, built with `--ssh default`' },
};

/** Markdown for a `RUN --mount=type=…` flag. */
export function mountHover(flag: Flag): string | undefined {
  if (flag.name !== 'mount') return undefined;
  const type = flag.options.find((o) => o.name === 'type')?.value ?? 'bind';
  const doc = MOUNTS[type];
  if (!doc) return undefined;
  return [heading(`RUN --mount=type=${type}`), doc.summary, bullets([`Options: ${doc.options}`, `Example: ${doc.example}`, 'Needs BuildKit (the default builder since Docker 23).'])].join('\n\n');
}
