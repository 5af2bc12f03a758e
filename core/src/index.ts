// The pure core of MLDock: no `vscode`, no LSP connection. Shared by the server, the CLI and the client.
export { analyzeDocument, type AnalyzeOptions } from './model/analyze';
export type * from './model/types';
export { lintText, type LintDiagnostic, type LintOptions, type LintResult } from './lint/lint';
export type { StepFailure } from './lint/guard';
export { RULES, RULES_BY_ID, RULE_IDS } from './rules/registry';
export type { AnyRule, Finding, FixSuggestion, OffsetEdit, Rule, RuleContext, Severity } from './rules/types';
export { DEFAULT_SETTINGS, DEFAULT_GPU_SETTINGS, hostDriver, mergeSettings, isRuleLevel, RULE_LEVELS, type GpuSettings, type MldockSettings, type RuleLevel, type SettingsLayer } from './config/settings';
export { parseDriverVersion } from './knowledge/cudaDrivers';
export { parseArch } from './knowledge/gpuArch';
export { findConfigFile, loadConfigFile, parseConfig, CONFIG_FILE_NAMES, type ConfigProblem, type LoadedConfig } from './config/configFile';
export { toLspDiagnostics, LSP_SEVERITY } from './lsp/diagnostics';
export { codeActionsFor, applyEdits, toTextEdit } from './lsp/codeActions';
export { ruleDocsUrl, DOCS_WEB_BASE } from './lsp/docs';
export type { WorkspaceView } from './workspace';
export { LineIndex } from './text/lineIndex';
export { fsWorkspace } from './node/fsWorkspace';
export { FileFacts } from './node/fileFacts';
// Container engine and image layers (shared by the layer view, `mldock layers` and Build & Run).
export { DockerEngine, type EngineOptions, type EngineCallOptions, type EngineStatus } from './docker/engine';
export { EngineError, type EngineErrorKind } from './docker/errors';
export { listImages, inspectImage, imageHistory, removeImage, shortId, MLDOCK_LABELS, type ImageSummary, type HistoryRow } from './docker/images';
export type { RunningProcess, ProcessResult } from './docker/process';
export { imageLayers, analyzeImageWaste, type ImageLayers, type ImageLayer, type WasteReport, type LayerWasteInfo } from './layers/imageLayers';
export { matchHistory, describeCreatedBy, parseCreatedBy, type HistoryMatch } from './layers/historyMatch';
export { wasteFindings, type WasteFinding } from './layers/wasteFindings';
export { formatBytes, formatPercent, formatAge } from './layers/format';
export { readHostDriver } from './node/nvidiaSmi';
// Build & Run: request, Dockerfile facts, build progress, preflight and the engine runner.
export { validateRunRequest, buildCommandArgs, runCommandArgs, displayCommand, isSecretLike, secretValues, shellQuote, gpusFlagValue, parseGpuRequest, formatGpuRequest, parsePortMapping, parseBuildArg, RUN_LABEL, type RunRequest, type GpuRequest, type PortMapping, type BindMount, type RunCommandOptions } from './run/runRequest';
export { runFactsFromDockerfile, defaultTag, cudaFromRequirement, type RunFacts, type RunStageFact, type RunArgFact, type MlFramework, type RunFactsOptions } from './run/dockerfileFacts';
export { parseBuildProgress, failingStep, type BuildProgress, type FailingStep } from './run/buildProgress';
export { preflight, recogniseRunFailure, detectBuilder, TOOLKIT_INSTALL_URL, type PreflightProblem, type PreflightAction, type PreflightCode, type PreflightOptions } from './run/preflight';
export { buildImage, startContainer, waitHealthy, stopContainer, healthLog, listRunContainers, BuildFailedError, RunFailedError, SESSION_LABEL, type BuildOptions, type StartOptions, type StartedContainer, type ContainerExit, type HealthResult, type WaitHealthyOptions, type RunContainer, type OutputStream } from './run/runner';
export { mlHover } from './hover';
export { mlCompletions } from './completion';
// Scaffolding (wizards, `mldock init`): a pure generator plus project detection.
export * as scaffold from './scaffold';
export { projectFiles } from './node/projectFiles';
