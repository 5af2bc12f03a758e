import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceView } from '../workspace';
import type { FileFacts } from './fileFacts';

/**
 * A WorkspaceView over the local file system, rooted at a build context directory. With `facts`,
 * reads go through that cache (the language server keeps one across lints); without, straight to disk.
 */
export function fsWorkspace(contextDir: string, dockerfileName?: string, facts?: FileFacts): WorkspaceView {
  const resolve = (relative: string) => path.resolve(contextDir, relative);
  return {
    contextDir,
    ...(dockerfileName !== undefined && { dockerfileName }),
    listDir(relative) {
      if (facts) return facts.listDir(resolve(relative));
      try {
        return fs.readdirSync(resolve(relative), { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
      } catch {
        return undefined;
      }
    },
    readFile(relative) {
      if (facts) return facts.readFile(resolve(relative));
      try {
        return fs.readFileSync(resolve(relative), 'utf8');
      } catch {
        return undefined;
      }
    },
    exists(relative) {
      return facts ? facts.exists(resolve(relative)) : fs.existsSync(resolve(relative));
    },
  };
}
