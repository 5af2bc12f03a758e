import * as vscode from 'vscode';
import { engineFromSettings } from '../dockerEngine';
import type { DockerEngine, EngineStatus } from '../../../core/src/docker/engine';
import { EngineError } from '../../../core/src/docker/errors';
import { listImages, type ImageSummary } from '../../../core/src/docker/images';
import { imageLayers, type ImageLayers, type WasteReport } from '../../../core/src/layers/imageLayers';
import { DIM_SCHEME, EmptyStepsNode, ImageNode, InfoNode, LayerNode, OffenderNode, WasteNode, type ImagesNode } from './nodes';

/** What the view shows when it has no images; drives the welcome content in package.json. */
export type ViewState = 'loading' | 'noDocker' | 'unreachable' | 'empty' | 'ok';

/**
 * The "Images" view: local images → their layers, and after "Analyze Wasted Space" the efficiency
 * and top offenders. Engine calls go through the core's DockerEngine; results are cached per image ID
 * until the next refresh, so expanding a node never re-runs docker.
 */
export class ImagesProvider implements vscode.TreeDataProvider<ImagesNode>, vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ImagesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly decorationsChanged = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.decorationsChanged.event;

  engine: DockerEngine;
  state: ViewState = 'loading';
  status: EngineStatus | undefined;
  filter = '';
  private images: ImageSummary[] | undefined;
  private loading: Promise<void> | undefined;
  private readonly layers = new Map<string, Promise<ImageLayers>>();
  readonly waste = new Map<string, WasteReport>();
  view: vscode.TreeView<ImagesNode> | undefined;

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.engine = engineFromSettings();
  }

  /** Re-reads the engine and the image list (after a build, a removal, a settings change). */
  refresh(): void {
    this.images = undefined;
    this.loading = undefined;
    this.layers.clear();
    this.changed.fire(undefined);
  }

  reconfigure(): void {
    this.engine = engineFromSettings();
    this.refresh();
  }

  layersOf(image: ImageSummary): Promise<ImageLayers> {
    let pending = this.layers.get(image.id);
    if (!pending) {
      pending = imageLayers(this.engine, image.id);
      pending.catch(() => this.layers.delete(image.id));
      this.layers.set(image.id, pending);
    }
    return pending;
  }

  setWaste(image: ImageSummary, report: WasteReport): void {
    this.waste.set(image.id, report);
    this.changed.fire(undefined);
  }

  getTreeItem(node: ImagesNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  async getChildren(node?: ImagesNode): Promise<ImagesNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'image':
        return this.imageChildren(node);
      case 'empty-steps':
        return [...node.layers];
      case 'waste':
        return [...node.offenders];
      default:
        return [];
    }
  }

  getParent(): undefined {
    return undefined;
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme === DIM_SCHEME) return { color: new vscode.ThemeColor('disabledForeground') };
    return undefined;
  }

  private async roots(): Promise<ImagesNode[]> {
    if (!this.images) {
      this.loading ??= this.load();
      await this.loading;
    }
    const images = this.images ?? [];
    const needle = this.filter.toLowerCase();
    const shown = needle ? images.filter((i) => i.id.includes(needle) || i.tags.some((t) => t.toLowerCase().includes(needle))) : images;
    if (this.view) {
      this.view.description = needle ? `filter: ${this.filter} (${shown.length} of ${images.length})` : undefined;
      if (this.state === 'ok') this.view.message = needle && shown.length === 0 ? `No image matches "${this.filter}".` : undefined;
    }
    return shown.map((image) => new ImageNode(image, this.waste.get(image.id)));
  }

  private async load(): Promise<void> {
    this.setState('loading');
    const status = await this.engine.status();
    this.status = status;
    if (!status.ok) {
      this.images = [];
      this.output.warn(`Images view: ${status.error.explanation}${status.error.detail ? `\n${status.error.detail}` : ''}`);
      this.setState(status.error.kind === 'not-installed' ? 'noDocker' : 'unreachable', status.error.explanation);
      return;
    }
    try {
      this.images = await listImages(this.engine);
      this.setState(this.images.length ? 'ok' : 'empty');
    } catch (error) {
      this.images = [];
      const message = error instanceof EngineError ? error.explanation : String(error);
      this.output.warn(`Images view: ${message}`);
      this.setState(error instanceof EngineError && error.kind === 'not-installed' ? 'noDocker' : 'unreachable', message);
    }
  }

  private setState(state: ViewState, message?: string): void {
    this.state = state;
    void vscode.commands.executeCommand('setContext', 'mldock.images.state', state);
    if (this.view) this.view.message = message;
  }

  private async imageChildren(node: ImageNode): Promise<ImagesNode[]> {
    let info: ImageLayers;
    try {
      info = await this.layersOf(node.image);
    } catch (error) {
      const message = error instanceof EngineError ? error.explanation : String(error);
      return [new InfoNode(`Cannot read the layers: ${message}`, 'error', message)];
    }
    const waste = this.waste.get(node.image.id);
    const dead = new Map(waste?.layers.map((l) => [l.row, l.deadBytes]) ?? []);
    const layerNodes = info.layers.map((l) => new LayerNode(node.image, l, l.index === info.largest, dead.get(l.index) ?? 0));
    const children: ImagesNode[] = [];
    if (waste) {
      const label = (row: number) => info.layers[row]?.instruction ?? `step ${row}`;
      const offenders = waste.inefficientFiles.slice(0, 10).map((f) => new OffenderNode(node.image, f, label));
      children.push(new WasteNode(node.image, waste, offenders));
    }
    // Fold runs of two or more metadata-only steps; single ones stay in place, dimmed.
    for (let i = 0; i < layerNodes.length;) {
      let j = i;
      while (j < layerNodes.length && layerNodes[j]!.layer.empty) j++;
      if (j - i >= 2) {
        children.push(new EmptyStepsNode(node.image, layerNodes.slice(i, j)));
        i = j;
      } else {
        children.push(layerNodes[i]!);
        i++;
      }
    }
    return children;
  }

  dispose(): void {
    this.changed.dispose();
    this.decorationsChanged.dispose();
  }
}
