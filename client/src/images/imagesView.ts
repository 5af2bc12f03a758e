import * as vscode from 'vscode';
import { EngineError } from '../../../core/src/docker/errors';
import { removeImage } from '../../../core/src/docker/images';
import { formatBytes, formatPercent } from '../../../core/src/layers/format';
import { analyzeImageWaste } from '../../../core/src/layers/imageLayers';
import { wasteFindings } from '../../../core/src/layers/wasteFindings';
import { DockerfileLocator } from './dockerfileLocator';
import { ImagesProvider } from './imagesProvider';
import { ImageNode, LayerNode, OffenderNode, type ImagesNode } from './nodes';

/**
 * The Images view and its commands: refresh, filter, analyze wasted space (with progress and cancel),
 * open a layer's Dockerfile instruction, copy an image ID, remove an image. Waste findings are
 * published as diagnostics on the Dockerfile lines whose steps hold the top offenders.
 */
export class ImagesView implements vscode.Disposable {
  readonly provider: ImagesProvider;
  private readonly tree: vscode.TreeView<ImagesNode>;
  private readonly locator = new DockerfileLocator();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('mldock-layers');
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.provider = new ImagesProvider(output);
    this.tree = vscode.window.createTreeView('mldock.images', { treeDataProvider: this.provider, showCollapseAll: true });
    this.provider.view = this.tree;
    this.disposables.push(
      this.tree,
      this.provider,
      this.diagnostics,
      vscode.window.registerFileDecorationProvider(this.provider),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mldock.docker.path')) this.provider.reconfigure();
      }),
    );
    void vscode.commands.executeCommand('setContext', 'mldock.images.state', 'loading');
  }

  /** Re-reads the engine; Build & Run calls this after a build so the new image shows. */
  refresh(): void {
    this.locator.clear();
    this.provider.refresh();
  }

  async filter(): Promise<void> {
    const value = await vscode.window.showInputBox({
      title: 'Filter Images',
      prompt: 'Show images whose name, tag or ID contains this text (empty: show all)',
      value: this.provider.filter,
    });
    if (value === undefined) return;
    this.provider.filter = value.trim();
    this.provider.refresh();
  }

  async analyzeWaste(node?: ImagesNode): Promise<void> {
    const target = node instanceof ImageNode ? node : await this.pickImage();
    if (!target) return;
    const { image } = target;
    try {
      const info = await this.provider.layersOf(image);
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Analyzing ${target.name}`, cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          let reported = 0;
          return analyzeImageWaste(this.provider.engine, image.id, info.layers, image.size, {
            signal: controller.signal,
            onProgress: (bytes, total) => {
              const percent = total > 0 ? Math.min(99, (bytes / total) * 100) : 0;
              progress.report({ message: `${formatBytes(bytes)}${total ? ` of ~${formatBytes(total)}` : ''} read`, increment: percent > reported ? percent - reported : undefined });
              reported = Math.max(reported, percent);
            },
          });
        },
      );
      this.provider.setWaste(image, report);
      await this.tree.reveal(target, { expand: true }).then(undefined, () => undefined);
      const located = await this.locator.locate(image, info);
      let where = '';
      if (located) {
        const findings = wasteFindings(report, located.match, located.doc);
        this.diagnostics.set(located.uri, findings.map((f) => {
          const d = new vscode.Diagnostic(toRange(f.range), f.message, vscode.DiagnosticSeverity.Warning);
          d.source = 'mldock layers';
          d.code = 'layer-waste';
          d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(located.uri, toRange(r.range)), r.message));
          return d;
        }));
        where = findings.length ? ` — ${findings.length} finding${findings.length === 1 ? '' : 's'} on ${vscode.workspace.asRelativePath(located.uri)}` : '';
      }
      this.output.info(`Analyzed ${target.name}: efficiency ${formatPercent(report.efficiency, 2)}, wasted ${report.wastedBytes} bytes, reclaimable ${report.reclaimableBytes} bytes, ${report.inefficientFiles.length} inefficient files`);
      void vscode.window.setStatusBarMessage(`MLDock: ${target.name} efficiency ${formatPercent(report.efficiency)}, ${formatBytes(report.wastedBytes)} wasted${where}`, 8000);
    } catch (error) {
      if (error instanceof EngineError && error.kind === 'cancelled') return;
      this.showError(`Analyzing ${target.name}`, error);
    }
  }

  async openLayerSource(node?: ImagesNode): Promise<void> {
    if (!(node instanceof LayerNode) && !(node instanceof OffenderNode)) return;
    const image = node.image;
    try {
      const info = await this.provider.layersOf(image);
      const row = node instanceof LayerNode ? node.layer.index : node.file.copies.find((c) => !c.visible) ? node.file.rows[0]! : node.file.rows[node.file.rows.length - 1]!;
      const located = await this.locator.locate(image, info);
      const instruction = located?.match.byRow.get(row);
      if (!located || !instruction) {
        const firstMatched = located ? Math.min(...located.match.byRow.keys()) : Infinity;
        const why = located && row < firstMatched
          ? `Step #${row} comes from the base image, not from ${vscode.workspace.asRelativePath(located.uri)}.`
          : located
            ? `Step #${row} (${info.layers[row]?.instruction ?? ''}) has no instruction in ${vscode.workspace.asRelativePath(located.uri)}: it was added by the build (e.g. --label) or the file changed since.`
            : `No Dockerfile in this workspace matches ${node.image.tags[0] ?? 'this image'}'s history. Images built by MLDock record theirs in the "dev.mldock.dockerfile" label.`;
        void vscode.window.showInformationMessage(why);
        return;
      }
      const editor = await vscode.window.showTextDocument(located.uri, { preview: true });
      const start = new vscode.Position(instruction.startLine, 0);
      const end = new vscode.Position(instruction.endLine, editor.document.lineAt(Math.min(instruction.endLine, editor.document.lineCount - 1)).text.length);
      editor.selection = new vscode.Selection(start, start);
      editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (error) {
      this.showError('Opening the Dockerfile', error);
    }
  }

  async copyId(node?: ImagesNode): Promise<void> {
    const target = node instanceof ImageNode ? node : await this.pickImage();
    if (!target) return;
    await vscode.env.clipboard.writeText(target.image.id);
    void vscode.window.setStatusBarMessage(`Copied ${target.image.id}`, 4000);
  }

  async remove(node?: ImagesNode): Promise<void> {
    const target = node instanceof ImageNode ? node : await this.pickImage();
    if (!target) return;
    const { image } = target;
    const ref = image.tags.length === 1 ? image.tags[0]! : image.id;
    const detail = image.tags.length > 1 ? `Its tags ${image.tags.join(', ')} will all be removed.` : `${formatBytes(image.size)}; layers other images share are kept.`;
    const choice = await vscode.window.showWarningMessage(`Remove image ${target.name}?`, { modal: true, detail }, 'Remove');
    if (choice !== 'Remove') return;
    try {
      await removeImage(this.provider.engine, ref, { force: image.tags.length > 1 });
    } catch (error) {
      if (!(error instanceof EngineError) || !/conflict|being used|in use/i.test(error.message)) return this.showError(`Removing ${target.name}`, error);
      const force = await vscode.window.showWarningMessage(`${error.message}`, { modal: true, detail: 'Force removal untags the image even though a container uses it.' }, 'Force Remove');
      if (force !== 'Force Remove') return;
      try {
        await removeImage(this.provider.engine, ref, { force: true });
      } catch (again) {
        return this.showError(`Removing ${target.name}`, again);
      }
    }
    this.provider.waste.delete(image.id);
    this.refresh();
  }

  private async pickImage(): Promise<ImageNode | undefined> {
    const roots = (await this.provider.getChildren()).filter((n): n is ImageNode => n instanceof ImageNode);
    if (roots.length === 0) {
      void vscode.window.showInformationMessage(this.provider.status && !this.provider.status.ok ? this.provider.status.error.explanation : 'There are no local images.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(roots.map((n) => ({ label: n.name, description: formatBytes(n.image.size), node: n })), { title: 'Choose an image' });
    return picked?.node;
  }

  private showError(what: string, error: unknown): void {
    const message = error instanceof EngineError ? error.explanation : `${what} failed: ${error instanceof Error ? error.message : String(error)}`;
    this.output.error(`${what}: ${message}${error instanceof EngineError && error.detail ? `\n${error.detail}` : ''}`);
    void vscode.window.showErrorMessage(message, 'Show Log').then((c) => {
      if (c) this.output.show(true);
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
