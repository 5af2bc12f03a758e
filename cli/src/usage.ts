export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;

export const MAIN_USAGE = `MLDock — Dockerfile linter that knows machine learning

Usage:
  mldock lint [options] PATH...     Lint Dockerfiles (files or directories)
  mldock layers [options] IMAGE     Layer sizes and wasted space of a local image
  mldock init --template T [opts]   Write a Dockerfile (+ .dockerignore …) for this project
  mldock run [options]              Build a Dockerfile and run a container from it (GPU or CPU)
  mldock --help | --version

Run "mldock <command> --help" for its options.
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

export const INIT_USAGE = `Usage: mldock init --template cuda|conda|cpu [options]

Writes a Dockerfile and .dockerignore for the project in --dir (default: the current folder), plus
compose.yaml, .devcontainer/devcontainer.json, Dockerfile.cpu or environment.yml when asked for or
needed. Answers not given take the defaults detected in the folder (requirements*.txt, pyproject.toml,
environment.yml, main.py/app.py/serve.py/train.py, a FastAPI/Flask app object). The editor's
"MLDock: New … Image" wizards ask the same questions and write the same files.

Options:
  --template cuda|conda|cpu       The image: CUDA (nvidia/cuda + pip wheels), conda (micromamba +
                                  environment.yml) or CPU (python:X-slim). Required.
  --framework torch|tensorflow|jax|none
  --framework-version V           e.g. 2.5.1 (torch, jax) or 2.18 (TensorFlow)
  --cuda V                        A CUDA the framework version has wheels for (e.g. 12.4; JAX: 12 or 13).
                                  conda: turns on conda-forge CUDA builds; "none" for CPU builds.
  --python V                      e.g. 3.12 (supported releases the framework has wheels for)
  --purpose train|serve|batch|notebook
  --serve fastapi|gunicorn|none   The server for --purpose serve (implies it)
  --port N                        Port of the server or notebook (default: 8000, notebook 8888)
  --entrypoint X                  module:object for fastapi/gunicorn (app:app), else a script or module
  --name NAME                     Image, compose service and conda environment name (default: folder)
  --compose                       Also write compose.yaml (GPU reservation for GPU images)
  --devcontainer                  Also write .devcontainer/devcontainer.json (--gpus=all for GPU images)
  --cpu-variant                   Also write Dockerfile.cpu, a CPU-only build of a GPU image
  --cache-mounts                  BuildKit cache mounts for pip/apt/conda (RUN --mount; needs BuildKit)
  --no-multi-stage                One stage instead of a build stage and a runtime stage
  --no-healthcheck                No HEALTHCHECK for servers and notebooks
  --root                          Run as root instead of a non-root user
  --host-driver VERSION           NVIDIA driver of the hosts (default: gpu.hostDriverVersion in
                                  .mldock.yaml); the default CUDA stays within what it runs
  --dir DIR                       The project folder (default: .)
  -y, --yes                       Accept the answers shown and write without asking
  --force                         Overwrite files that exist
  --dry-run                       Print the answers and the files; write nothing
  -h, --help                      Show this help.

Without --yes, mldock init shows the answers and asks before writing when a terminal is attached,
and writes nothing otherwise.

Exit codes:
  0  files written (or --dry-run / declined at the prompt)
  2  usage error, an invalid answer (the message names the valid choices), a file that exists
     without --force, or nothing written because --yes was missing without a terminal
`;

export const RUN_USAGE = `Usage: mldock run [options]

Builds a Dockerfile and starts a container from it, on the engine DOCKER_HOST or the current docker
context points at (a remote GPU box works the same: DOCKER_HOST=ssh://user@gpu-box). Checks first
that it can work: docker and its daemon, a GPU runtime (NVIDIA Container Toolkit) when GPUs are
requested, a host driver new enough for the image's CUDA, BuildKit syntax on a legacy builder.
Every value reaches docker as one argument, never through a shell; build-arg values that look like
secrets are shown as ***. Build output goes to stderr; the container's output, or with --detach its
ID, to stdout. Ctrl+C stops the build, or stops and removes the container of an attached run.

Options:
  -f, --file FILE            The Dockerfile (default: ./Dockerfile).
  --context DIR              The build context (default: the current directory).
  --target STAGE             Build this stage (docker build --target).
  -t, --tag TAG              Image tag (default: <context folder>:<stage or latest>).
  --build-arg NAME=VALUE     A build argument; repeat for more.
  --gpus all|none|N|device=IDS
                             GPUs for the container: all, none (default), a count, or device
                             indexes/UUIDs such as device=0,1 (passed as --gpus '"device=0,1"').
  -p, --port HOST:CONTAINER  Publish a port; repeat for more.
  --env-file FILE            Environment variables for the container (docker run --env-file).
  --mount SRC:DST[:ro]       Bind-mount a host directory; repeat for more.
  --shm-size SIZE            /dev/shm size, such as 8g (PyTorch DataLoader workers need more than 64m).
  --ipc-host                 Share the host's IPC namespace and /dev/shm instead (--ipc=host).
  --name NAME                Container name.
  -d, --detach               Start the container and return (prints its ID). Without it, the
                             container's output is streamed until it exits, then it is removed.
  --wait-healthy             Wait until the HEALTHCHECK reports healthy (an image without one
                             counts as started).
  --health-timeout SECONDS   How long --wait-healthy waits (default: 120).
  --no-preflight             Skip the checks and let docker report what is wrong.
  --dry-run                  Run the checks and print the docker commands, without running them.
  -q, --quiet                Show build steps only, not the full build output.
  --docker PATH              The docker-compatible CLI to run (default: $MLDOCK_DOCKER_PATH or docker).
  -h, --help                 Show this help.

Exit codes:
  0    the container started (and, with --wait-healthy, became healthy); an attached container
       exited with code 0; --dry-run passed the checks
  1    the build failed, docker could not start the container, it became unhealthy or exited
       before it was healthy, or an attached container exited with a non-zero code
  2    usage error, unreadable Dockerfile, a preflight check failed, or the engine is missing or
       unreachable
  130  interrupted (Ctrl+C): the build was cancelled, or the attached container stopped and removed
`;
