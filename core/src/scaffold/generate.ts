import { composeContent } from './compose';
import { devcontainerContent } from './devcontainer';
import { generateDockerfile } from './dockerfile';
import { dockerignoreContent } from './dockerignore';
import { environmentContent } from './environmentYml';
import type { AnswerProblem, ScaffoldAnswers, ScaffoldFile } from './types';
import { describeProblems, validateAnswers } from './validate';

export const CPU_DOCKERFILE = 'Dockerfile.cpu';

/** Whether the answers describe a GPU image that can have a CPU-only twin. */
export function hasGpu(a: ScaffoldAnswers): boolean {
  return a.template === 'cuda' || (a.template === 'conda' && a.cuda !== undefined);
}

/** The same project as a CPU-only image: the cpu template for CUDA images, conda without CUDA builds. */
export function cpuVariantAnswers(a: ScaffoldAnswers): ScaffoldAnswers {
  return {
    ...a,
    template: a.template === 'cuda' ? 'cpu' : a.template,
    cuda: undefined,
    dockerfileName: CPU_DOCKERFILE,
    cpuVariant: false,
    compose: false,
    devcontainer: false,
  };
}

/** Answers that `validateAnswers` rejects. */
export class InvalidAnswersError extends Error {
  constructor(readonly problems: readonly AnswerProblem[]) {
    super(describeProblems(problems));
    this.name = 'InvalidAnswersError';
  }
}

/**
 * Answers in, files out: the Dockerfile and what goes with it. Pure: nothing is read or written.
 * Throws InvalidAnswersError for answers MLDock cannot vouch for (validate first to show choices).
 */
export function generateScaffold(a: ScaffoldAnswers): ScaffoldFile[] {
  const problems = validateAnswers(a);
  if (problems.length > 0) throw new InvalidAnswersError(problems);
  const files: ScaffoldFile[] = [{ path: a.dockerfileName, content: generateDockerfile(a), role: 'dockerfile' }];
  const cpu = a.cpuVariant && hasGpu(a) ? cpuVariantAnswers(a) : undefined;
  if (cpu) files.push({ path: cpu.dockerfileName, content: generateDockerfile(cpu), role: 'cpu-dockerfile' });
  files.push({ path: '.dockerignore', content: dockerignoreContent(), role: 'dockerignore' });
  if (a.template === 'conda' && a.dependencies.kind !== 'environment') files.push({ path: 'environment.yml', content: environmentContent(a), role: 'environment' });
  if (a.compose) files.push({ path: 'compose.yaml', content: composeContent(a, cpu?.dockerfileName), role: 'compose' });
  if (a.devcontainer) files.push({ path: '.devcontainer/devcontainer.json', content: devcontainerContent(a), role: 'devcontainer' });
  return files;
}
