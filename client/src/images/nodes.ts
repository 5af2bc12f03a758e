import * as vscode from 'vscode';
import { formatAge, formatBytes, formatPercent } from '../../../core/src/layers/format';
import type { ImageSummary } from '../../../core/src/docker/images';
import type { ImageLayer, WasteReport } from '../../../core/src/layers/imageLayers';

/** URI scheme of tree items the decoration provider dims (metadata-only steps). */
export const DIM_SCHEME = 'mldock-dim';

export type ImagesNode = ImageNode | LayerNode | EmptyStepsNode | WasteNode | OffenderNode | InfoNode;

export class ImageNode {
  readonly kind = 'image';
  constructor(readonly image: ImageSummary, readonly waste: WasteReport | undefined) {}

  get name(): string {
    return this.image.tags[0] ?? `<none>@${this.image.id.replace(/^sha256:/, '').slice(0, 12)}`;
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `image:${this.image.id}`;
    const age = formatAge(this.image.created);
    item.description = [formatBytes(this.image.size), age].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(this.image.tags.length ? 'package' : 'circle-large-outline');
    item.contextValue = this.waste ? 'mldock.image.analyzed' : 'mldock.image';
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escape(this.name)}**\n\n`);
    if (this.image.tags.length > 1) md.appendMarkdown(`Also: ${this.image.tags.slice(1).map((t) => `\`${t}\``).join(', ')}\n\n`);
    md.appendMarkdown(`ID \`${this.image.id}\`\n\n${formatBytes(this.image.size)} in ${this.image.layerCount} layers${this.image.created ? `, created ${new Date(this.image.created).toLocaleString()}` : ''}`);
    if (this.waste) md.appendMarkdown(`\n\nEfficiency ${formatPercent(this.waste.efficiency)}, ${formatBytes(this.waste.wastedBytes)} wasted`);
    item.tooltip = md;
    return item;
  }
}

export class LayerNode {
  readonly kind = 'layer';
  constructor(readonly image: ImageSummary, readonly layer: ImageLayer, readonly largest: boolean, readonly deadBytes: number) {}

  toTreeItem(): vscode.TreeItem {
    const l = this.layer;
    const label = l.instruction.length > 90 ? `${l.instruction.slice(0, 89)}…` : l.instruction;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `layer:${this.image.id}:${l.index}`;
    const parts = [l.empty ? 'no bytes' : `${formatBytes(l.size)} · ${(l.share * 100).toFixed(1)}%`];
    if (this.largest) parts.push('largest');
    if (this.deadBytes > 0) parts.push(`${formatBytes(this.deadBytes)} wasted`);
    item.description = parts.join(' · ');
    item.iconPath = this.largest
      ? new vscode.ThemeIcon('flame', new vscode.ThemeColor('charts.red'))
      : this.deadBytes > 0
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.yellow'))
        : new vscode.ThemeIcon(l.empty ? 'circle-small' : 'layers');
    if (l.empty) item.resourceUri = vscode.Uri.from({ scheme: DIM_SCHEME, path: `/${l.index}` });
    item.contextValue = 'mldock.layer';
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`Step #${l.index} — ${l.empty ? 'metadata only' : formatBytes(l.size)}\n\n`);
    md.appendCodeblock(l.createdBy || l.comment || '(no history)', 'dockerfile');
    if (l.created) md.appendMarkdown(`\nCreated ${new Date(l.created).toLocaleString()}`);
    md.appendMarkdown('\n\nClick to open the Dockerfile instruction that made it.');
    item.tooltip = md;
    item.command = { command: 'mldock.images.openLayerSource', title: 'Open Dockerfile Instruction', arguments: [this] };
    return item;
  }
}

/** Consecutive metadata-only steps (ENV, LABEL, CMD …), folded so the layers with bytes stand out. */
export class EmptyStepsNode {
  readonly kind = 'empty-steps';
  constructor(readonly image: ImageSummary, readonly layers: readonly LayerNode[]) {}

  toTreeItem(): vscode.TreeItem {
    const first = this.layers[0]!.layer.index;
    const item = new vscode.TreeItem(`${this.layers.length} metadata-only steps`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `empty:${this.image.id}:${first}`;
    item.description = this.layers.map((l) => l.layer.instruction.split(' ')[0]).join(', ');
    item.iconPath = new vscode.ThemeIcon('fold');
    item.resourceUri = vscode.Uri.from({ scheme: DIM_SCHEME, path: `/group/${first}` });
    return item;
  }
}

export class WasteNode {
  readonly kind = 'waste';
  constructor(readonly image: ImageSummary, readonly waste: WasteReport, readonly offenders: readonly OffenderNode[]) {}

  toTreeItem(): vscode.TreeItem {
    const w = this.waste;
    const item = new vscode.TreeItem(`Efficiency ${formatPercent(w.efficiency)}`, w.inefficientFiles.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = `waste:${this.image.id}`;
    item.description = w.wastedBytes ? `${formatBytes(w.wastedBytes)} wasted · ${formatBytes(w.reclaimableBytes)} reclaimable` : 'no wasted space';
    item.iconPath = new vscode.ThemeIcon(w.efficiency >= 0.95 ? 'pass' : 'warning', new vscode.ThemeColor(w.efficiency >= 0.95 ? 'charts.green' : 'charts.yellow'));
    item.tooltip = new vscode.MarkdownString(
      `Efficiency and wasted bytes as [dive](https://github.com/wagoodman/dive) defines them: files deleted or overwritten by later layers still take space in the earlier ones.\n\n` +
      `- wasted (dive): ${formatBytes(w.wastedBytes)}\n- reclaimable by squashing: ${formatBytes(w.reclaimableBytes)}\n- of the bytes added after the first layer: ${formatPercent(w.userWastedPercent)}\n- ${w.inefficientFiles.length} inefficient files`,
    );
    return item;
  }
}

export class OffenderNode {
  readonly kind = 'offender';
  constructor(readonly image: ImageSummary, readonly file: WasteReport['inefficientFiles'][number], readonly rowLabel: (row: number) => string) {}

  toTreeItem(): vscode.TreeItem {
    const f = this.file;
    const item = new vscode.TreeItem(f.path, vscode.TreeItemCollapsibleState.None);
    item.id = `offender:${this.image.id}:${f.path}`;
    item.description = `${formatBytes(f.reclaimableBytes)} reclaimable · ${f.count}× · ${f.rows.map((r) => `#${r}`).join(' → ')}`;
    item.iconPath = new vscode.ThemeIcon(f.removedIn.length ? 'trash' : 'copy');
    item.tooltip = new vscode.MarkdownString(f.rows.map((r) => `- #${r} ${escape(this.rowLabel(r))}`).join('\n'));
    item.contextValue = 'mldock.offender';
    item.command = { command: 'mldock.images.openLayerSource', title: 'Open Dockerfile Instruction', arguments: [this] };
    return item;
  }
}

/** A message row (loading, an error inside an expanded image). */
export class InfoNode {
  readonly kind = 'info';
  constructor(readonly label: string, readonly icon = 'info', readonly detail?: string) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    if (this.detail) item.tooltip = this.detail;
    return item;
  }
}

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
