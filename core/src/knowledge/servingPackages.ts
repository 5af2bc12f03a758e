import type { KnowledgeMeta } from './sources';

/**
 * Versions of the serving packages scaffolded images install when the project does not list them
 * (all published on PyPI; bump them with the rest of your lock).
 */
export const SERVING_PACKAGES_META: KnowledgeMeta = {
  dataAsOf: '2025-01',
  sources: ['PyPI release histories of fastapi (0.115.6), uvicorn (0.32.1), gunicorn (23.0.0) and jupyterlab (4.3.4)'],
};

export const SERVING_PINS: Readonly<Record<'fastapi' | 'uvicorn' | 'gunicorn' | 'jupyterlab', string>> = {
  fastapi: '0.115.6',
  uvicorn: '0.32.1',
  gunicorn: '23.0.0',
  jupyterlab: '4.3.4',
};
