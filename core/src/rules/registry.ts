import { ML001 } from './ML001-pseudo-control-flow';
import { ML002 } from './ML002-arg-not-in-scope';
import { ML003 } from './ML003-copy-from-unknown-stage';
import { ML004 } from './ML004-buildkit-only-syntax';
import { ML101 } from './ML101-apt-no-install-recommends';
import { ML102 } from './ML102-apt-lists-not-removed';
import { ML103 } from './ML103-cleanup-in-later-layer';
import { ML104 } from './ML104-consecutive-runs';
import { ML105 } from './ML105-context-copied-before-install';
import { ML106 } from './ML106-unpinned-base-image';
import { ML107 } from './ML107-dockerignore';
import { ML108 } from './ML108-weights-in-image';
import { ML109 } from './ML109-add-instead-of-copy';
import { ML201 } from './ML201-pip-no-cache-dir';
import { ML202 } from './ML202-gpu-wheels-without-gpu';
import { ML203 } from './ML203-torch-cuda-differs-from-image';
import { ML204 } from './ML204-torch-variant-exists';
import { ML205 } from './ML205-torch-companion-version';
import { ML206 } from './ML206-python-outside-framework-range';
import { ML207 } from './ML207-index-url-replaces-pypi';
import { ML208 } from './ML208-conda-clean';
import { ML209 } from './ML209-conda-without-yes';
import { ML210 } from './ML210-swallowed-failures';
import { ML211 } from './ML211-conda-activate-in-run';
import { ML212 } from './ML212-apt-python-pip-mismatch';
import { ML213 } from './ML213-incompatible-python-copy';
import { ML214 } from './ML214-user-site-unreachable';
import { ML215 } from './ML215-deprecated-image-or-package';
import { ML216 } from './ML216-unpinned-framework';
import { ML217 } from './ML217-torch-and-tensorflow';
import { ML218 } from './ML218-alpine-ml-wheels';
import { ML301 } from './ML301-cuda-tag-exists';
import { ML302 } from './ML302-devel-image-in-final-stage';
import { ML303 } from './ML303-cuda-compile-without-nvcc';
import { ML304 } from './ML304-gpu-selection-in-image';
import { ML305 } from './ML305-gpu-check-at-build';
import { ML306 } from './ML306-driver-in-image';
import { ML307 } from './ML307-host-driver-too-old';
import { ML308 } from './ML308-cuda-twice';
import { ML309 } from './ML309-target-arch-unsupported';
import { ML310 } from './ML310-tensorflow-system-cuda-mismatch';
import { ML401 } from './ML401-root-user';
import { ML402 } from './ML402-secret-in-env-arg';
import { ML403 } from './ML403-pipe-to-shell';
import { ML404 } from './ML404-world-writable';
import { ML405 } from './ML405-sudo';
import { ML406 } from './ML406-download-without-checksum';
import { ML407 } from './ML407-credentials-in-url';
import { ML501 } from './ML501-shell-form-cmd';
import { ML502 } from './ML502-development-server';
import { ML503 } from './ML503-loopback-bind';
import { ML504 } from './ML504-expose-mismatch';
import { ML505 } from './ML505-missing-healthcheck';
import { ML506 } from './ML506-healthcheck-tool-missing';
import { ML507 } from './ML507-python-unbuffered';
import { ML508 } from './ML508-duplicate-start-instruction';
import { withSafeFixes } from './safeFixes';
import type { AnyRule } from './types';

/** Every rule MLDock runs, in ID order. Adding a rule = one module + one line here (see CONTRIBUTING.md). */
export const RULES: readonly AnyRule[] = ([
  ML001, ML002, ML003, ML004,
  ML101, ML102, ML103, ML104, ML105, ML106, ML107, ML108, ML109,
  ML201, ML202, ML203, ML204, ML205, ML206, ML207, ML208, ML209, ML210, ML211, ML212, ML213, ML214, ML215, ML216, ML217, ML218,
  ML301, ML302, ML303, ML304, ML305, ML306, ML307, ML308, ML309, ML310,
  ML401, ML402, ML403, ML404, ML405, ML406, ML407,
  ML501, ML502, ML503, ML504, ML505, ML506, ML507, ML508,
] as AnyRule[]).map(withSafeFixes);

export const RULES_BY_ID: ReadonlyMap<string, AnyRule> = new Map(RULES.map((r) => [r.id, r]));

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));
