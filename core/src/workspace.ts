/**
 * Read-only access to the files around a Dockerfile (its build context), so rules such as
 * `.dockerignore` or requirements checks can look without knowing whether they run in the
 * editor or the CLI. Paths are relative to the context directory, with `/` separators.
 */
export interface WorkspaceView {
  /** Absolute path of the build context directory. */
  readonly contextDir: string;
  readFile(relativePath: string): string | undefined;
  exists(relativePath: string): boolean;
  /** Entry names of a directory (directories end with `/`), or undefined when it cannot be listed. */
  listDir?(relativePath: string): string[] | undefined;
  /** File name of the Dockerfile being linted (for `<name>.dockerignore`), when known. */
  readonly dockerfileName?: string;
}
