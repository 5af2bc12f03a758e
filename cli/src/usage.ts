export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;

export const MAIN_USAGE = `MLDock — Dockerfile linter that knows machine learning

Usage:
  mldock lint [options] PATH...     Lint Dockerfiles (files or directories)
  mldock layers [options] IMAGE     Layer sizes and wasted space of a local image
  mldock --help | --version

Run "mldock lint --help" or "mldock layers --help" for their options.
`;

export const LINT_USAGE = `Usage: mldock lint [options] PATH...

Lints Dockerfiles with MLDock's ML rules and dockerfile-utils' syntax checks.
A directory is searched for Dockerfile, *.Dockerfile, Dockerfile.* and Containerfile
(skipping .git, node_modules and virtualenvs). Use - to read one Dockerfile from stdin.

Options:
  --format text|json|sarif   Output format (default: text). JSON and SARIF go to stdout.
  --config FILE              Settings file (default: the nearest .mldock.yaml above each file).
  --fail-on LEVEL            error|warning|info|none: exit 1 when a finding is at or above
                             LEVEL (default: error).
  --target STAGE             Lint as if building this stage (docker build --target).
  --no-color                 Plain text output (also when NO_COLOR is set).
  -h, --help                 Show this help.

Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage error, unreadable file or directory, invalid --config, or a path that is not a Dockerfile

.mldock.yaml:
  rules: { ML201: off, ML401: error }   # per-rule level: off, info, warning, error
  ignore: ["legacy/**"]                 # globs, relative to the file, skipped when searching directories
  trustedRegistries: [registry.example.com]
Inline: "# mldock ignore=ML201" on the line above an instruction, "# mldock global ignore=ML201" anywhere.
`;

export const LAYERS_USAGE = `Usage: mldock layers [options] IMAGE

Shows the layers of a local image (docker history) with their sizes and the instruction that made
each. With --waste, streams the image (docker image save, nothing written to disk) and reports
wasted space and efficiency as dive defines them: files deleted or overwritten by later layers.

Options:
  --json                     Machine-readable output on stdout.
  --waste                    Analyze wasted space (implied by the thresholds below).
  --min-efficiency F         Fail (exit 1) when efficiency is below F, a ratio 0..1 (dive: lowestEfficiency).
  --max-wasted-bytes N       Fail when wasted bytes exceed N: 20MB, 1GiB or bytes (dive: highestWastedBytes).
  --max-wasted-percent F     Fail when wasted bytes exceed F of the bytes added on top of the first
                             layer, a ratio 0..1 (dive: highestUserWastedPercent).
  --top N                    Inefficient files listed in text output (default: 20).
  --docker PATH              The docker-compatible CLI to run (default: $MLDOCK_DOCKER_PATH or docker;
                             podman works too). DOCKER_HOST and the current docker context apply.
  --no-color                 Plain text output (also when NO_COLOR is set).
  -h, --help                 Show this help.

Exit codes:
  0  done, and every threshold given is met
  1  a threshold is exceeded
  2  usage error, no such image, or the container engine is missing or unreachable
`;
