import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceView } from '../workspace';

/** A WorkspaceView over the local file system, rooted at a build context directory. */
export function fsWorkspace(contextDir: string, dockerfileName?: string): WorkspaceView {
  const resolve = (relative: string) => path.resolve(contextDir, relative);
  return {
    contextDir,
    ...(dockerfileName !== undefined && { dockerfileName }),
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
