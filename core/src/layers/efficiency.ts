import { EntryKind, type LayerFiles } from './layerFiles';

/**
 * Wasted space and efficiency as dive defines them (wagoodman/dive, README "Estimate image
 * efficiency" and dive/filetree/efficiency.go):
 *
 * - every path that is a leaf of some layer's tree (a file, a symlink, an empty directory, or a
 *   whiteout) collects one record per layer it appears in, of that layer's size for it — 0 for a
 *   deletion;
 * - `efficiency` = Σ over paths of the smallest record / Σ over paths of all records (1 when empty);
 * - a path with two or more records is inefficient; `wastedBytes` = Σ of the records of the
 *   inefficient paths (dive's `WastedBytes`, the number its `highestWastedBytes` CI rule checks);
 * - `userWastedPercent` = wastedBytes / the bytes of every layer but the first.
 *
 * Two cases where dive's code does not do what its definition says are handled per the definition
 * (docs/layers.md explains both): a deleted *directory* (`.wh.DIR`, or an opaque `.wh..wh..opq`)
 * counts as the deletion of every file it held — the OCI image spec defines it as equivalent to one
 * whiteout per child, and dive would report `RUN rm -rf /root/.cache` as 0 bytes wasted; and a
 * whiteout of a path no lower layer has is ignored instead of abandoning the layer (dive PR #715).
 *
 * MLDock also reports `reclaimableBytes`: what squashing the layers would save — the bytes of every
 * copy that is not visible in the final filesystem, each counted once (dive issue #684 discusses why
 * `wastedBytes` counts the surviving copy too).
 *
 * Memory: one node per path of the image (name, sizes, the layers it appears in), never contents.
 */
export interface Inefficiency {
  /** Absolute path in the image (`/app/big`). */
  readonly path: string;
  /** Records of the path (dive's "Count"). */
  readonly count: number;
  /** Σ of its records (dive's per-file "Wasted Space"). */
  readonly cumulativeSize: number;
  /** Bytes of its copies that are not in the final image. */
  readonly reclaimableBytes: number;
  /** Layers (0-based, oldest first) that hold a copy, with its size; `visible` for the copy the final image shows. */
  readonly copies: readonly { readonly layer: number; readonly size: number; readonly visible: boolean }[];
  /** Layers that deleted it. */
  readonly removedIn: readonly number[];
}

export interface LayerWaste {
  /** Bytes of copies this layer adds that later layers delete or overwrite. */
  readonly deadBytes: number;
  /** Paths of those copies, largest first (at most 20). */
  readonly deadPaths: readonly { readonly path: string; readonly size: number; readonly removedIn: number | undefined; readonly overwrittenIn: number | undefined }[];
}

export interface EfficiencyReport {
  readonly efficiency: number;
  readonly wastedBytes: number;
  readonly reclaimableBytes: number;
  /** Σ of the layers' regular-file bytes (dive's `SizeBytes`). */
  readonly sizeBytes: number;
  /** Same, without the first layer (dive's `UserSizeBytes`). */
  readonly userSizeBytes: number;
  /** wastedBytes / userSizeBytes (0 when there are no user bytes). */
  readonly userWastedPercent: number;
  /** Inefficient paths with a non-zero cumulative size, largest first (dive's order). */
  readonly inefficiencies: readonly Inefficiency[];
  readonly layers: readonly LayerWaste[];
  /** Number of distinct paths seen. */
  readonly pathCount: number;
}

class PathNode {
  children: Map<string, PathNode> | undefined = undefined;
  live = false;
  liveSize = 0;
  liveLayer = -1;
  /** Last layer in which an entry was found below this node (so it is not a leaf of that layer). */
  childMark = -1;
  count = 0;
  cumulative = 0;
  min = -1;
  /** Flat [layer, size] pairs; size -1 marks a deletion. */
  visits: number[] | undefined = undefined;

  constructor(readonly name: string, readonly parent: PathNode | undefined) {}

  child(name: string): PathNode {
    if (!this.children) this.children = new Map();
    let node = this.children.get(name);
    if (!node) {
      node = new PathNode(name, this);
      this.children.set(name, node);
    }
    return node;
  }

  path(): string {
    const parts: string[] = [this.name];
    for (let n = this.parent; n && n.parent; n = n.parent) parts.push(n.name);
    return `/${parts.reverse().join('/')}`;
  }
}

/** Streaming-friendly accumulator: feed layers in order (oldest first), then call `finish`. */
export class EfficiencyAccumulator {
  private readonly root = new PathNode('', undefined);
  private layerIndex = 0;
  private readonly layerBytes: number[] = [];
  private pathCount = 0;

  addLayer(layer: LayerFiles): void {
    const i = this.layerIndex++;
    this.layerBytes.push(layer.contentBytes);
    const n = layer.entryCount;
    const nodes: (PathNode | undefined)[] = new Array(n);

    // Pass 1: find (or create) each entry's node and mark its ancestors as non-leaves of this layer.
    for (let k = 0; k < n; k++) {
      const kind = layer.kinds[k]!;
      const path = layer.paths[k]!;
      if (kind === EntryKind.Opaque) continue;
      if (kind === EntryKind.Whiteout) {
        // dive's layer tree holds `.wh.NAME` as a child of the directory: the directory is no leaf.
        this.markAncestors(this.lookupParent(path), i);
        continue;
      }
      const node = this.ensure(path);
      nodes[k] = node;
      this.markAncestors(node.parent, i);
    }

    // Pass 2: deletions, against the image as the lower layers left it.
    for (let k = 0; k < n; k++) {
      const kind = layer.kinds[k]!;
      if (kind === EntryKind.Whiteout) {
        const target = this.lookup(layer.paths[k]!);
        if (target?.live) this.remove(target, i);
      } else if (kind === EntryKind.Opaque) {
        const dir = layer.paths[k] === '' ? this.root : this.lookup(layer.paths[k]!);
        if (dir?.children) for (const child of dir.children.values()) if (child.live) this.remove(child, i);
      }
    }

    // Pass 3: additions and modifications.
    for (let k = 0; k < n; k++) {
      const node = nodes[k];
      if (!node) continue;
      const size = layer.sizes[k]!;
      if (node.childMark !== i) this.visit(node, i, size);
      node.live = true;
      node.liveSize = size;
      node.liveLayer = i;
      for (let up = node.parent; up && up !== this.root && !up.live; up = up.parent) {
        up.live = true;
        up.liveLayer = i;
      }
    }
  }

  finish(): EfficiencyReport {
    let minSum = 0;
    let cumulativeSum = 0;
    let wasted = 0;
    let reclaimable = 0;
    const inefficient: Inefficiency[] = [];
    const layerDead = this.layerBytes.map(() => ({ bytes: 0, paths: [] as { path: string; size: number; removedIn: number | undefined; overwrittenIn: number | undefined }[] }));

    const stack: PathNode[] = [this.root];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.children) for (const c of node.children.values()) stack.push(c);
      if (node.count === 0) continue;
      minSum += node.min;
      cumulativeSum += node.cumulative;
      if (node.count < 2) continue;
      wasted += node.cumulative;
      const visits = node.visits ?? [];
      const copies: { layer: number; size: number; visible: boolean }[] = [];
      const removedIn: number[] = [];
      for (let v = 0; v < visits.length; v += 2) {
        const layer = visits[v]!;
        const size = visits[v + 1]!;
        if (size < 0) removedIn.push(layer);
        else copies.push({ layer, size, visible: node.live && layer === node.liveLayer });
      }
      const path = node.path();
      let dead = 0;
      for (const copy of copies) {
        if (copy.visible) continue;
        dead += copy.size;
        if (copy.size === 0) continue;
        const entry = layerDead[copy.layer]!;
        entry.bytes += copy.size;
        entry.paths.push({
          path,
          size: copy.size,
          removedIn: removedIn.find((l) => l > copy.layer),
          overwrittenIn: copies.find((c) => c.layer > copy.layer)?.layer,
        });
      }
      reclaimable += dead;
      if (node.cumulative > 0) inefficient.push({ path, count: node.count, cumulativeSize: node.cumulative, reclaimableBytes: dead, copies, removedIn });
    }

    inefficient.sort((a, b) => b.cumulativeSize - a.cumulativeSize || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const sizeBytes = this.layerBytes.reduce((a, b) => a + b, 0);
    const userSizeBytes = sizeBytes - (this.layerBytes[0] ?? 0);
    return {
      efficiency: cumulativeSum === 0 ? 1 : minSum / cumulativeSum,
      wastedBytes: wasted,
      reclaimableBytes: reclaimable,
      sizeBytes,
      userSizeBytes,
      userWastedPercent: userSizeBytes > 0 ? wasted / userSizeBytes : 0,
      inefficiencies: inefficient,
      layers: layerDead.map((d) => ({
        deadBytes: d.bytes,
        deadPaths: d.paths.sort((a, b) => b.size - a.size).slice(0, 20),
      })),
      pathCount: this.pathCount,
    };
  }

  private ensure(path: string): PathNode {
    let node = this.root;
    let start = 0;
    while (start <= path.length) {
      let end = path.indexOf('/', start);
      if (end < 0) end = path.length;
      const before = node.children?.size ?? 0;
      node = node.child(path.slice(start, end));
      if ((node.parent!.children!.size) !== before) this.pathCount++;
      start = end + 1;
    }
    return node;
  }

  private lookup(path: string): PathNode | undefined {
    if (path === '') return this.root;
    let node: PathNode | undefined = this.root;
    let start = 0;
    while (node && start <= path.length) {
      let end = path.indexOf('/', start);
      if (end < 0) end = path.length;
      node = node.children?.get(path.slice(start, end));
      start = end + 1;
    }
    return node;
  }

  private lookupParent(path: string): PathNode | undefined {
    const slash = path.lastIndexOf('/');
    return slash < 0 ? this.root : this.lookup(path.slice(0, slash));
  }

  private markAncestors(node: PathNode | undefined, layer: number): void {
    for (let n = node; n && n.childMark !== layer; n = n.parent) n.childMark = layer;
  }

  private visit(node: PathNode, layer: number, size: number): void {
    node.count++;
    node.cumulative += Math.max(0, size);
    const recorded = Math.max(0, size);
    if (node.min < 0 || recorded < node.min) node.min = recorded;
    (node.visits ??= []).push(layer, size);
  }

  /** Deletes a subtree from the stacked image; each of its leaves gets a deletion record. */
  private remove(node: PathNode, layer: number): void {
    const stack = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (!n.live) continue;
      let liveChildren = false;
      if (n.children) {
        for (const c of n.children.values()) {
          if (c.live) {
            liveChildren = true;
            stack.push(c);
          }
        }
      }
      if (!liveChildren) this.visit(n, layer, -1);
      n.live = false;
      n.liveSize = 0;
    }
  }
}

/** Runs dive's efficiency analysis over layers given oldest first. */
export function analyzeEfficiency(layers: readonly LayerFiles[]): EfficiencyReport {
  const acc = new EfficiencyAccumulator();
  for (const layer of layers) acc.addLayer(layer);
  return acc.finish();
}
