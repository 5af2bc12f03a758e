/**
 * A pip requirement as written on a command line or in a requirements file:
 * `torch==2.1.0+cu118`, `jax[cuda12]`, `tensorflow[and-cuda]>=2.15,<2.17; python_version>"3.9"`,
 * `pkg @ https://…`, `./wheels/x.whl`, `git+https://…`.
 */
export interface Requirement {
  readonly raw: string;
  /** PEP 503 normalised name (`Scikit_Learn` → `scikit-learn`); empty for paths and URLs. */
  readonly name: string;
  readonly extras: readonly string[];
  /** Version specifier as written, without spaces (`==2.1.0+cu118`, `>=2,<3`), or ''. */
  readonly specifier: string;
  /** The exact version when pinned with `==`/`===` (`2.1.0+cu118`), else undefined. */
  readonly pinned: string | undefined;
  /** The public part of a pinned version (`2.1.0`). */
  readonly version: string | undefined;
  /** The local version label of a pin (`cu118`, `cpu`). */
  readonly local: string | undefined;
  readonly marker: string | undefined;
  readonly kind: 'name' | 'url' | 'path';
}

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/s;

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function parseRequirement(raw: string): Requirement {
  const text = raw.trim();
  const none = { extras: [], specifier: '', pinned: undefined, version: undefined, local: undefined, marker: undefined };
  if (/^(?:[a-z+]+:\/\/|git\+|hg\+|svn\+|bzr\+)/i.test(text)) return { raw, name: '', kind: 'url', ...none };
  if (/^[./~]/.test(text) || (!text.includes('@') && /\.(whl|tar\.gz|zip|tgz)$/i.test(text))) return { raw, name: '', kind: 'path', ...none };
  const match = NAME.exec(text);
  if (!match) return { raw, name: '', kind: 'path', ...none };
  const [, name, extrasPart, restPart] = match;
  const extras = extrasPart ? extrasPart.slice(1, -1).split(',').map((e) => e.trim()).filter(Boolean) : [];
  let rest = restPart ?? '';
  let marker: string | undefined;
  const semi = rest.indexOf(';');
  if (semi >= 0) {
    marker = rest.slice(semi + 1).trim();
    rest = rest.slice(0, semi);
  }
  rest = rest.trim();
  if (rest.startsWith('@')) {
    return { raw, name: normalizeName(name!), kind: 'url', extras, specifier: '', pinned: undefined, version: undefined, local: undefined, marker };
  }
  const specifier = rest.replace(/[()\s]/g, '');
  const pin = /^===?([^,;]+)$/.exec(specifier);
  const pinned = pin ? pin[1] : undefined;
  const plus = pinned?.indexOf('+') ?? -1;
  return {
    raw,
    name: normalizeName(name!),
    extras,
    specifier,
    pinned,
    version: pinned === undefined ? undefined : plus >= 0 ? pinned.slice(0, plus) : pinned,
    local: pinned !== undefined && plus >= 0 ? pinned.slice(plus + 1) : undefined,
    marker,
    kind: 'name',
  };
}
