/**
 * The name a generated file gets when the user keeps the existing one and writes beside it:
 * `Dockerfile` → `Dockerfile.mldock`, `compose.yaml` → `compose.mldock.yaml`,
 * `.dockerignore` → `.dockerignore.mldock`, `.devcontainer/devcontainer.json` → `.devcontainer/devcontainer.mldock.json`.
 */
export function besideName(path: string): string {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || /^Dockerfile(\.|$)/.test(name)) return `${dir}${name.startsWith('Dockerfile') ? name.replace(/^Dockerfile/, 'Dockerfile.mldock') : `${name}.mldock`}`;
  return `${dir}${name.slice(0, dot)}.mldock${name.slice(dot)}`;
}
