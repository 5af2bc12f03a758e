import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceView } from '../workspace';
import type { FileFacts } from './fileFacts';

/**
 * A WorkspaceView over the local file system, rooted at a build context directory. With `facts` (the
 * language server keeps one across lints), reads go through that cache and each path is looked at
 * once per view: make a view per lint. Without, every call goes to disk.
 */
export function fsWorkspace(contextDir: string, dockerfileName?: string, facts?: FileFacts): WorkspaceView {
  const resolve = (relative: string) => path.resolve(contextDir, relative);
  const base = {
    contextDir,
    ...(dockerfileName !== undefined && { dockerfileName }),
  };
  if (facts) {
    const texts = new Map<string, string | undefined>();
    const found = new Map<string, boolean>();
    const listings = new Map<string, string[] | undefined>();
    return {
      ...base,
      listDir: (relative) => remembered(listings, relative, () => facts.listDir(resolve(relative)))?.slice(),
      readFile: (relative) => remembered(texts, relative, () => facts.readFile(resolve(relative))),
      exists: (relative) => remembered(found, relative, () => facts.exists(resolve(relative))),
    };
  }
  return {
    ...base,
    listDir(relative) {
      try {
        return fs.readdirSync(resolve(relative), { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
      } catch {
        return undefined;
      }
    },
    readFile(relative) {
      try {
        return fs.readFileSync(resolve(relative), 'utf8');
      } catch {
        return undefined;
      }
    },
    exists(relative) {
      return fs.existsSync(resolve(relative));
    },
  };
}

function remembered<T>(memo: Map<string, T>, key: string, read: () => T): T {
  if (!memo.has(key)) memo.set(key, read());
  return memo.get(key)!;
}
