import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist');
/** The seed Dockerfiles, vendored so tests run on a clean clone; SHARED_SEEDS is the upstream copy, when present. */
export const SEEDS = path.join(ROOT, 'test', 'fixtures', 'seeds');
export const SHARED_SEEDS = path.resolve(ROOT, '..', 'shared', 'seed-dockerfiles');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
