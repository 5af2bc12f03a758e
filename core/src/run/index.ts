// Build & Run's core: what the client and the CLI import, without the lint engine behind core/src/index.ts.
export { DockerEngine, type EngineOptions, type EngineCallOptions, type EngineStatus } from '../docker/engine';
export { EngineError, type EngineErrorKind } from '../docker/errors';
export { listImages, inspectImage, imageHistory, removeImage, shortId, MLDOCK_LABELS, type ImageSummary, type HistoryRow } from '../docker/images';
export type { RunningProcess, ProcessResult } from '../docker/process';
export { validateRunRequest, buildCommandArgs, runCommandArgs, displayCommand, isSecretLike, secretValues, shellQuote, gpusFlagValue, parseGpuRequest, formatGpuRequest, parsePortMapping, parseBuildArg, RUN_LABEL, type RunRequest, type GpuRequest, type PortMapping, type BindMount, type RunCommandOptions } from './runRequest';
export { runFactsFromDockerfile, defaultTag, cudaFromRequirement, type RunFacts, type RunStageFact, type RunArgFact, type MlFramework, type RunFactsOptions } from './dockerfileFacts';
export { parseBuildProgress, failingStep, type BuildProgress, type FailingStep } from './buildProgress';
export { preflight, recogniseRunFailure, detectBuilder, TOOLKIT_INSTALL_URL, type PreflightProblem, type PreflightAction, type PreflightCode, type PreflightOptions } from './preflight';
export { buildImage, startContainer, waitHealthy, stopContainer, healthLog, listRunContainers, BuildFailedError, RunFailedError, SESSION_LABEL, type BuildOptions, type StartOptions, type StartedContainer, type ContainerExit, type HealthResult, type WaitHealthyOptions, type RunContainer, type OutputStream } from './runner';
