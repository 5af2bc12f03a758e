import picomatch from 'picomatch';

/**
 * `.dockerignore` matching as the builder does it: one pattern per line, `#` comments, paths relative
 * to the context root (a leading `/` is ignored), `**` for any depth, `!` re-includes; the last
 * matching pattern wins, and excluding a directory excludes what is inside it.
 */
export function dockerignoreMatcher(text: string): (path: string) => boolean {
  const rules = text.split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = (negate ? l.slice(1) : l).trim().replace(/^\/+/, '').replace(/^\.\//, '').replace(/\/+$/, '');
      return { negate, match: picomatch(pattern || '.', { dot: true }) };
    });
  const excludedExactly = (path: string) => {
    let excluded = false;
    for (const r of rules) if (r.match(path)) excluded = !r.negate;
    return excluded;
  };
  return (path: string) => {
    const parts = path.replace(/\/+$/, '').split('/');
    // excluded itself, through a parent directory, or everything inside it (`data/*`, `data/**`)
    for (let i = 1; i <= parts.length; i++) if (excludedExactly(parts.slice(0, i).join('/'))) return true;
    return excludedExactly(`${parts.join('/')}/__mldock_probe__`);
  };
}
