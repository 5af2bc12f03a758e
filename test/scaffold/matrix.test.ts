import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cudaChoices, frameworkVersionChoices, pythonChoices, type DependencySource, type Framework, type Purpose, type Server, type Template } from '../../core/src/scaffold';
import { lintScaffold, scenario, type Scenario } from '../helpers/scaffoldContext';

/**
 * Every combination of the scaffold options generates Dockerfiles with no dockerfile-utils finding and
 * no MLDock warning or error, linted inside the build context they come with. The only note allowed
 * is ML004 (BuildKit-only syntax), exactly when cache mounts were chosen.
 */
const TEMPLATES: readonly Template[] = ['cuda', 'conda', 'cpu'];
const FRAMEWORKS: readonly Framework[] = ['torch', 'tensorflow', 'jax', 'none'];
const SHAPES: readonly (readonly [Purpose, Server])[] = [['train', 'none'], ['batch', 'none'], ['notebook', 'none'], ['serve', 'fastapi'], ['serve', 'gunicorn'], ['serve', 'none']];
const BOOLS = [true, false];

function dependencyKinds(template: Template): DependencySource['kind'][] {
  return template === 'conda' ? ['environment', 'requirements', 'pyproject', 'none'] : ['requirements', 'pyproject', 'none'];
}

/** Notes that follow from a choice: ML004 for cache mounts, ML505 for a server without the HEALTHCHECK option. */
function allowedInfo(s: Scenario, rule: string): boolean {
  const listens = s.answers.purpose === 'serve' || s.answers.purpose === 'notebook';
  return rule === 'ML004' || (rule === 'ML505' && listens && !s.answers.healthcheck);
}

function assertClean(s: Scenario, label: string): number {
  const results = lintScaffold(s.answers, s.generated);
  for (const r of results) {
    const unexpected = r.diagnostics.filter((d) => d.source === 'dockerfile-utils' || d.severity !== 'info' || !allowedInfo(s, d.rule));
    assert.deepEqual(unexpected.map((d) => `${d.severity} ${d.rule}: ${d.message}`), [], `${label} ${r.file}\n${r.text}`);
    // Cache mounts go on every install; a file with nothing to install has none, and then no directive either.
    const mounts = /^RUN --mount=type=cache/m.test(r.text);
    const installs = /^RUN .*\b(pip|apt-get|micromamba) install\b/m.test(r.text) || /^ {4}.*\b(pip|apt-get|micromamba) install\b/m.test(r.text);
    assert.equal(mounts, s.answers.cacheMounts && installs, `${label} ${r.file}: cache mounts iff chosen and something is installed`);
    assert.equal(r.diagnostics.some((d) => d.rule === 'ML004'), mounts, `${label} ${r.file}: ML004 iff mounts`);
    assert.equal(r.text.startsWith('# syntax=docker/dockerfile:1\n'), mounts, `${label} ${r.file}: the syntax directive comes with the mounts`);
  }
  // Nothing in a CPU Dockerfile may read as GPU intent, or ML202 would stop guarding the project's requirements.
  for (const r of results) if (r.file === 'Dockerfile.cpu' || s.answers.cuda === undefined) assert.doesNotMatch(r.text, /cuda|gpu|nvidia|rocm|cudnn|\bcu1\d\d\b/i, `${label} ${r.file}`);
  return results.length;
}

for (const template of TEMPLATES) {
  test(`${template}: every option combination lints clean`, () => {
    let dockerfiles = 0;
    for (const framework of FRAMEWORKS) for (const [purpose, server] of SHAPES) for (const kind of dependencyKinds(template))
      for (const multiStage of BOOLS) for (const cacheMounts of BOOLS) for (const nonRoot of BOOLS) for (const healthcheck of BOOLS) {
        const cudas: (string | undefined)[] = template === 'conda' ? [undefined, '12.6'] : [undefined];
        for (const cuda of cudas) {
          const given = {
            framework, purpose, server, multiStage, cacheMounts, nonRoot, healthcheck, cpuVariant: template !== 'cpu', compose: true, devcontainer: true,
            entrypoint: server === 'none' ? (purpose === 'serve' ? 'serve.py' : 'train.py') : 'app:app',
            ...(template === 'conda' && { cuda }),
          };
          const label = JSON.stringify({ template, kind, ...given });
          dockerfiles += assertClean(scenario(template, kind, given), label);
        }
      }
    assert.ok(dockerfiles > 500, `walked ${dockerfiles} Dockerfiles`);
  });
}

test('every offered framework version, CUDA and Python lints clean', () => {
  let count = 0;
  for (const template of TEMPLATES) for (const framework of FRAMEWORKS) {
    const versions = framework === 'none' ? [undefined] : frameworkVersionChoices(template, framework).map((c) => c.value);
    assert.ok(versions.length > 0, `${template} ${framework} offers versions`);
    for (const frameworkVersion of versions) {
      const cudas = template === 'cpu' ? [undefined] : template === 'conda' ? [undefined, ...cudaChoices('conda', framework, frameworkVersion).slice(0, 2).map((c) => c.value)] : cudaChoices('cuda', framework, frameworkVersion).map((c) => c.value);
      if (template === 'cuda') assert.ok(cudas.length > 0, `${framework} ${frameworkVersion} offers CUDA versions`);
      for (const cuda of cudas) {
        const pythons = pythonChoices(template, framework, frameworkVersion, cuda).map((c) => c.value);
        assert.ok(pythons.length > 0, `${template} ${framework} ${frameworkVersion} ${cuda} offers Pythons`);
        for (const python of pythons) {
          const given = { framework, frameworkVersion, cuda, python, purpose: 'serve' as const, server: 'fastapi' as const, entrypoint: 'app:app', cpuVariant: template !== 'cpu', compose: true };
          count += assertClean(scenario(template, template === 'conda' ? 'requirements' : 'requirements', given), JSON.stringify({ template, ...given }));
        }
      }
    }
  }
  assert.ok(count > 100, `walked ${count} Dockerfiles`);
});
