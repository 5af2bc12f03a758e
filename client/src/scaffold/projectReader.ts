import * as vscode from 'vscode';
import { detectionPaths, type ProjectFiles } from '../../../core/src/scaffold';

const MAX_BYTES = 512 * 1024;

/**
 * Reads what scaffold detection needs from a folder through the VS Code file system (local, remote
 * or virtual), then hands detection a synchronous view of it.
 */
export async function readProject(folder: vscode.Uri): Promise<ProjectFiles> {
  let entries: [string, vscode.FileType][] = [];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    // An unreadable folder detects nothing; the wizard still offers every choice.
  }
  const names = entries.map(([name, type]) => ((type & vscode.FileType.Directory) !== 0 ? `${name}/` : name)).sort();
  const contents = new Map<string, string>();
  await Promise.all(detectionPaths(names).map(async (rel) => {
    const uri = vscode.Uri.joinPath(folder, ...rel.split('/'));
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_BYTES) return;
      contents.set(rel, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      // missing or unreadable: detection treats it as absent
    }
  }));
  return { folderName: folder.path.split('/').filter(Boolean).pop() ?? 'app', names, read: (p) => contents.get(p) };
}
