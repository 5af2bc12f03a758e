import { cudaChoices, frameworkName, frameworkVersionChoices, knownFrameworkVersion, pythonChoices } from './choices';
import { FRAMEWORKS, PURPOSES, SERVERS, TEMPLATES, type AnswerProblem, type ScaffoldAnswers } from './types';

const APP_TARGET = /^[A-Za-z_][\w.]*:[A-Za-z_]\w*$/;
const SCRIPT = /^(?!\/)(?!.*\.\.)[\w./-]+\.py$/;
const MODULE = /^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)*$/;

/**
 * What is wrong with a set of answers, each problem naming the valid choices. Empty when the
 * answers generate an image MLDock vouches for (wheels exist, the image exists, Python fits).
 */
export function validateAnswers(a: ScaffoldAnswers): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const problem = (field: keyof ScaffoldAnswers, message: string, valid: readonly string[] = []) => problems.push({ field, message, valid });
  if (!TEMPLATES.includes(a.template)) problem('template', `Unknown template "${a.template}".`, TEMPLATES);
  if (!FRAMEWORKS.includes(a.framework)) problem('framework', `Unknown framework "${a.framework}".`, FRAMEWORKS);
  if (!PURPOSES.includes(a.purpose)) problem('purpose', `Unknown purpose "${a.purpose}".`, PURPOSES);
  if (!SERVERS.includes(a.server)) problem('server', `Unknown server "${a.server}".`, SERVERS);
  if (problems.length > 0) return problems;

  // The conda template with the project's own environment.yml: the file decides framework and Python.
  const envDecides = a.template === 'conda' && a.dependencies.kind === 'environment';
  const name = frameworkName(a.framework);
  let frameworkOk = true;
  if (a.framework !== 'none' && !envDecides) {
    const offered = frameworkVersionChoices(a.template, a.framework).map((c) => c.value);
    if (!a.frameworkVersion) {
      problem('frameworkVersion', `${name} needs a version.`, offered);
      frameworkOk = false;
    } else if (!knownFrameworkVersion(a.framework, a.frameworkVersion) || (a.template === 'cuda' ? cudaChoices('cuda', a.framework, a.frameworkVersion) : pythonChoices(a.template, a.framework, a.frameworkVersion, undefined)).length === 0) {
      problem('frameworkVersion', `MLDock knows no ${name} ${a.frameworkVersion} it can build a ${a.template} image for.`, offered);
      frameworkOk = false;
    }
  }
  if (frameworkOk) {
    const cudas = cudaChoices(a.template, a.framework, a.frameworkVersion).map((c) => c.value);
    if (a.template === 'cpu' && a.cuda !== undefined) problem('cuda', 'A CPU image has no CUDA version: use the cuda or conda template for GPUs.');
    else if (a.template === 'cuda' && !a.cuda) problem('cuda', 'The cuda template needs a CUDA version.', cudas);
    else if (a.cuda !== undefined && !cudas.includes(a.cuda)) {
      problem('cuda', a.template === 'cuda'
        ? `${a.framework === 'none' ? 'There is no supported nvidia/cuda image' : `${name} ${a.frameworkVersion} publishes no wheels`} for CUDA ${a.cuda}${a.framework === 'none' ? '' : ' (or no supported nvidia/cuda image exists for it)'}.`
        : `CUDA ${a.cuda} is not a CUDA version conda-forge builds for.`, cudas);
    } else if (!envDecides) {
      const pythons = pythonChoices(a.template, a.framework, a.frameworkVersion, a.cuda).map((c) => c.value);
      if (!pythons.includes(a.python)) {
        const why = a.template === 'cuda' ? ` (on the cuda template Python comes from the Ubuntu of the nvidia/cuda image for CUDA ${a.cuda})` : '';
        problem('python', `Python ${a.python} is not available for ${a.framework === 'none' ? 'this image' : `${name} ${a.frameworkVersion}`}${why}.`, pythons);
      }
    }
  }
  if (a.purpose !== 'serve' && a.server !== 'none') problem('server', `A server (${a.server}) only applies to the serve purpose.`, ['none']);
  if (!Number.isInteger(a.port) || a.port < 1 || a.port > 65535) problem('port', `Port ${a.port} is not a TCP port (1–65535).`);
  if (a.purpose === 'serve' && a.server !== 'none') {
    if (!APP_TARGET.test(a.entrypoint)) problem('entrypoint', `"${a.entrypoint}" is not an app to serve: write module:object, e.g. app:app or src.main:app.`);
  } else if (a.purpose !== 'notebook' && !SCRIPT.test(a.entrypoint) && !MODULE.test(a.entrypoint)) {
    problem('entrypoint', `"${a.entrypoint}" is neither a script inside the project (train.py) nor a module (package.cli).`);
  }
  if (a.healthPath !== undefined && !/^\/[\w\-./]*$/.test(a.healthPath)) problem('healthPath', `"${a.healthPath}" is not a URL path such as /health.`);
  if (!/^[a-z0-9][a-z0-9_.-]*$/.test(a.projectName)) problem('projectName', `"${a.projectName}" is not a valid image name (lower-case letters, digits, -, _ and .).`);
  if (!/^[\w.-]+$/.test(a.dockerfileName)) problem('dockerfileName', `"${a.dockerfileName}" is not a file name.`);
  if (a.cpuVariant && a.template === 'cpu') problem('cpuVariant', 'The CPU image is already CPU-only.');
  return problems;
}

/** One line per problem, for the CLI and error messages. */
export function describeProblems(problems: readonly AnswerProblem[]): string {
  return problems.map((p) => `${p.message}${p.valid.length > 0 ? ` Valid: ${p.valid.join(', ')}.` : ''}`).join('\n');
}
