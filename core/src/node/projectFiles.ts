import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectFiles } from '../scaffold/detect';

/** Reads larger than this are skipped: detection only needs dependency files and small entry scripts. */
const MAX_BYTES = 512 * 1024;

/** The files of a project folder on the local disk, for scaffold detection. */
export function projectFiles(dir: string): ProjectFiles {
  let names: string[];
  try {
    names = fs.readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
  } catch {
    names = [];
  }
  return {
    folderName: path.basename(path.resolve(dir)),
    names,
    read(relative) {
      const file = path.resolve(dir, relative);
      if (!file.startsWith(path.resolve(dir) + path.sep)) return undefined;
      try {
        if (fs.statSync(file).size > MAX_BYTES) return undefined;
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
