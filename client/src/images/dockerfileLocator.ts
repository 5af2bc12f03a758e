import * as path from 'node:path';
import * as vscode from 'vscode';
import { analyzeDocument } from '../../../core/src/model/analyze';
import type { AnalyzedDocument } from '../../../core/src/model/types';
import { MLDOCK_LABELS, type ImageSummary } from '../../../core/src/docker/images';
import { matchHistory, type HistoryMatch } from '../../../core/src/layers/historyMatch';
import type { ImageLayers } from '../../../core/src/layers/imageLayers';

export interface LocatedDockerfile {
  readonly uri: vscode.Uri;
  readonly doc: AnalyzedDocument;
  readonly match: HistoryMatch;
}

const DOCKERFILE_GLOB = '**/{Dockerfile,*.Dockerfile,*.dockerfile,Dockerfile.*,Containerfile,Containerfile.*}';
const EXCLUDE_GLOB = '**/{node_modules,.git,.venv,venv,.tox,dist,build}/**';

/**
 * Finds the Dockerfile an image was built from: the one its `dev.mldock.dockerfile` label names
 * (images built by MLDock), otherwise the workspace Dockerfile whose instructions best match the
 * image's history. Results are cached per image ID until `clear`.
 */
export class DockerfileLocator {
  private readonly cache = new Map<string, Promise<LocatedDockerfile | undefined>>();

  clear(): void {
    this.cache.clear();
  }

  locate(image: ImageSummary, layers: ImageLayers): Promise<LocatedDockerfile | undefined> {
    let found = this.cache.get(image.id);
    if (!found) {
      found = this.search(image, layers);
      this.cache.set(image.id, found);
    }
    return found;
  }

  private async search(image: ImageSummary, layers: ImageLayers): Promise<LocatedDockerfile | undefined> {
    const rows = layers.layers.map((l) => l.createdBy);
    const target = image.labels[MLDOCK_LABELS.target] || undefined;
    const labelled = image.labels[MLDOCK_LABELS.dockerfile];
    if (labelled) {
      for (const uri of labelCandidates(labelled)) {
        const located = await tryMatch(uri, rows, target);
        if (located) return located;
      }
    }
    const files = await vscode.workspace.findFiles(DOCKERFILE_GLOB, EXCLUDE_GLOB, 500);
    let best: LocatedDockerfile | undefined;
    for (const uri of files) {
      const located = await tryMatch(uri, rows, target);
      if (located && (!best || located.match.score > best.match.score)) best = located;
    }
    return best;
  }
}

/** The label holds an absolute path, or one relative to a workspace folder. */
function labelCandidates(value: string): vscode.Uri[] {
  if (path.isAbsolute(value)) return [vscode.Uri.file(value)];
  return (vscode.workspace.workspaceFolders ?? []).map((f) => vscode.Uri.joinPath(f.uri, ...value.split('/')));
}

async function tryMatch(uri: vscode.Uri, rows: readonly string[], target: string | undefined): Promise<LocatedDockerfile | undefined> {
  let text: string;
  try {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
  const doc = analyzeDocument(text);
  const match = matchHistory(rows, doc, target);
  return match ? { uri, doc, match } : undefined;
}
