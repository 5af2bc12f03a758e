// Scaffolding: answers in, files out. Pure (no vscode, no fs); the wizard, `mldock init` and the tests share it.
export * from './types';
export { generateScaffold, cpuVariantAnswers, hasGpu, InvalidAnswersError, CPU_DOCKERFILE } from './generate';
export { validateAnswers, describeProblems } from './validate';
export { resolveAnswers, dependencySource, defaultEntrypoint, offeredVersions, type PartialAnswers, type ResolvedAnswers, type AnswerSources, type ResolveOptions } from './defaults';
export { detectProject, detectionPaths, parseEnvironment, parsePyproject, projectName, type ProjectFiles, type ProjectFacts, type DetectedApp, type DetectedEnvironment, type DetectedFramework } from './detect';
export { cudaChoices, frameworkVersionChoices, pythonChoices, cudaBaseFor, frameworkName, type Choice } from './choices';
export { dockerignoreContent, mergeDockerignore, dockerignorePatterns } from './dockerignore';
export { besideName, freeName, planWrites, type PlannedWrite, type Resolution } from './files';
export {
  WIZARD_STEPS, WIZARD_TITLES, CPU_ONLY, initialState, currentAnswers, visibleSteps, stepPosition, runSteps, wizardTitle, entrypointQuestion,
  type WizardState, type WizardStep, type PickStep, type MultiPickStep, type InputStep, type StepItem,
} from './steps';
