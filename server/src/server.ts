import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Command,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CommandIds, DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { codeActionsFor, readHostDriver, toLspDiagnostics, type LintResult, type SettingsLayer } from '../../core/src';
import { mergeCompletions } from './completion';
import { ConfigFiles } from './configFiles';
import { DocsPages } from './docsPages';
import { DocumentLinter } from './documentLinter';
import { settingsFromEditor, type EditorSection } from './editorSettings';
import { combineHovers, diagnosticHover, knowledgeHover } from './hover';
import { afterQueuedMessages, LintScheduler, settledVersion } from './lintScheduler';

export const SERVER_NAME = 'mldock';

/** Wires the LSP connection to the pure core. Every handler is isolated: a failure is logged, never fatal. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  const docs = new DocsPages();
  const configFiles = new ConfigFiles((uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }));
  const linter = new DocumentLinter(configFiles);
  const editorSettings = new Map<string, Promise<SettingsLayer | undefined>>();
  let canPullConfiguration = false;
  let canWatchFiles = false;

  const safely = <T>(what: string, fallback: T, run: () => T): T => {
    try {
      return run();
    } catch (error) {
      connection.console.error(`[mldock] ${what} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return fallback;
    }
  };

  const settingsFor = (uri: string): Promise<SettingsLayer | undefined> => {
    if (!canPullConfiguration) return Promise.resolve(undefined);
    let pending = editorSettings.get(uri);
    if (!pending) {
      pending = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'mldock' })
        .then((section: EditorSection) => settingsFromEditor(section), () => undefined);
      editorSettings.set(uri, pending);
    }
    return pending;
  };

  const published = new Map<string, { version: number; result: LintResult | undefined }>();
  const lintLatest = async (uri: string): Promise<void> => {
    // TextDocuments updates documents in place, so versions are captured as numbers, never as objects.
    const requested = await settledVersion(() => documents.get(uri)?.version);
    if (requested === undefined) return;
    const editor = await settingsFor(uri);
    const document = documents.get(uri);
    // A newer version arrived while settings were fetched: its own lint is already scheduled.
    if (!document || document.version !== requested) return;
    const version = document.version;
    let linted: LintResult | undefined;
    const diagnostics = safely<Diagnostic[]>('lint', [], () => {
      const result = linter.lint(document, editor);
      linted = result;
      for (const f of result.failures) connection.console.warn(`[mldock] ${uri}: ${f.step} skipped (${f.message})`);
      return toLspDiagnostics(result, docs.base);
    });
    // A change queued while we linted makes this result stale: drop it (that change's lint is scheduled),
    // so a burst of edits publishes only the newest version.
    await afterQueuedMessages();
    if (documents.get(uri)?.version !== version) return;
    // A re-run that found nothing new (same version, same cached result) publishes nothing.
    const last = published.get(uri);
    if (linted && last?.version === version && last.result === linted) return;
    published.set(uri, { version, result: linted });
    void connection.sendDiagnostics({ uri, version, diagnostics });
  };
  const scheduler = new LintScheduler(lintLatest);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    canPullConfiguration = caps.workspace?.configuration === true;
    canWatchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    safely('setCapabilities', undefined, () => service.setCapabilities({
      completion: caps.textDocument?.completion as never,
      hover: caps.textDocument?.hover as never,
    }));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['-', '=', ' ', '$', '{', ':', '/'], resolveProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        executeCommandProvider: { commands: Object.values(CommandIds) },
      },
      serverInfo: { name: SERVER_NAME, version: process.env.MLDOCK_VERSION ?? '0.0.0' },
    };
  });

  connection.onInitialized(() => {
    // ML307 compares CUDA with the host driver: ask nvidia-smi once, in the background, and re-lint when it answers.
    if (process.env.MLDOCK_NVIDIA_SMI !== 'off') {
      void readHostDriver().then((driver) => {
        if (!driver) return;
        linter.host = { gpu: { detectedHostDriverVersion: driver } };
        connection.console.info(`[mldock] host NVIDIA driver ${driver} (nvidia-smi)`);
        relintAll();
      });
    }
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'mldock' }).catch(() => undefined);
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/.mldock.{yaml,yml}' }, { globPattern: '**/.dockerignore' }, { globPattern: '**/requirements*.txt' }],
      }).then(() => { configFiles.watched = true; }, () => undefined);
    }
  });

  const relintAll = () => {
    linter.clear();
    for (const d of documents.all()) scheduler.schedule(d.uri);
  };
  connection.onDidChangeConfiguration(() => {
    editorSettings.clear();
    relintAll();
  });
  connection.onDidChangeWatchedFiles(() => {
    configFiles.clear();
    relintAll();
  });

  documents.onDidOpen((e) => scheduler.schedule(e.document.uri));
  documents.onDidChangeContent((e) => scheduler.schedule(e.document.uri));
  documents.onDidClose((e) => {
    scheduler.cancel(e.document.uri);
    linter.forget(e.document.uri);
    published.delete(e.document.uri);
    editorSettings.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  /** The lint result for the document's current version, computed now if the scheduler has not run yet. */
  const currentResult = async (uri: string) => {
    const document = documents.get(uri);
    if (!document) return undefined;
    const cached = linter.cached(document);
    if (cached) return { document, result: cached };
    const editor = await settingsFor(uri);
    return safely('lint', undefined, () => ({ document, result: linter.lint(document, editor) }));
  };

  connection.onHover(async ({ textDocument, position }) => {
    const current = await currentResult(textDocument.uri);
    if (!current) return null;
    const parts = safely('hover', [], () => diagnosticHover(current.result, position, docs));
    parts.push(...safely('knowledge hover', [], () => knowledgeHover(current.result, position, linter.workspaceFor(textDocument.uri))));
    const generic = safely('dockerfile hover', null, () => service.computeHover(current.document.getText(), position));
    return combineHovers(parts, generic);
  });

  connection.onCompletion(async ({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return [];
    const text = document.getText();
    let generic: Awaited<ReturnType<typeof service.computeCompletionItems>> = [];
    try {
      generic = await service.computeCompletionItems(text, position);
    } catch (error) {
      connection.console.error(`[mldock] completion failed: ${String(error)}`);
    }
    return safely<CompletionItem[] | CompletionList>('knowledge completion', generic, () => mergeCompletions(text, document.offsetAt(position), position, generic));
  });
  connection.onCompletionResolve((item) => safely('completion resolve', item, () => service.resolveCompletionItem(item)));

  connection.onDocumentFormatting(({ textDocument, options }) => {
    const document = documents.get(textDocument.uri);
    return document ? safely('format', [], () => service.format(document.getText(), options)) : [];
  });
  connection.onDocumentRangeFormatting(({ textDocument, range, options }) => {
    const document = documents.get(textDocument.uri);
    return document ? safely('format', [], () => service.formatRange(document.getText(), range, options)) : [];
  });

  connection.onCodeAction(async ({ textDocument, range, context }) => {
    const current = await currentResult(textDocument.uri);
    if (!current) return [];
    const ml = safely<CodeAction[]>('code actions', [], () => codeActionsFor(textDocument.uri, current.result, context.diagnostics));
    // dockerfile-language-service offers commands for its own syntax findings (casing, deprecated flags …).
    const syntaxContext = { ...context, diagnostics: context.diagnostics.filter((d) => d.source === 'dockerfile-utils') };
    const syntax = safely<Command[]>('dockerfile code actions', [], () =>
      service.computeCodeActions(textDocument, range, syntaxContext as Parameters<typeof service.computeCodeActions>[2]));
    return [...ml, ...syntax];
  });

  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    const uri = typeof args?.[0] === 'string' ? args[0] : undefined;
    const document = uri ? documents.get(uri) : undefined;
    if (!document) return;
    const edits = safely('command', [], () => service.computeCommandEdits(document.getText(), command, args ?? []));
    if (edits.length > 0) await connection.workspace.applyEdit({ documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] });
  });

  documents.listen(connection);
  connection.listen();
}
