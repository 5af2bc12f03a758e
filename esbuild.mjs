// Bundles the three entry points. `vscode` stays external (the editor provides it); everything else,
// including dockerfile-utils and vscode-languageserver, is bundled so the .vsix ships no node_modules.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const production = process.argv.includes('--production');
const umd = (name) => fileURLToPath(new URL(`./node_modules/${name}/lib/umd/main.js`, import.meta.url));
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'info',
  legalComments: 'none',
  // These two ship ESM for `import` and UMD for `require`. Bundled as ESM, every read of `Range` or
  // `Position` from the CommonJS libraries (dockerfile-ast does one per accessor call) goes through two
  // getters: a tenth of a lint. One copy, the one Node itself loads for them.
  alias: Object.fromEntries(['vscode-languageserver-types', 'vscode-languageserver-textdocument'].map((name) => [name, umd(name)])),
  define: { MLDOCK_VERSION: JSON.stringify(version), 'process.env.MLDOCK_VERSION': JSON.stringify(version) },
};

const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { server: 'server/src/main.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { cli: 'cli/src/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] watching client, server and cli');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
