import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/paths';

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    menus: Record<string, { command?: string; submenu?: string; when?: string }[]>;
    submenus?: { id: string }[];
  };
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const table = fs.readFileSync(path.join(ROOT, 'client', 'src', 'commands.ts'), 'utf8');
const registered = [...table.matchAll(/^\s+'(mldock\.[\w.]+)':/gm)].map((m) => m[1]!).sort();

test('every contributed command is registered from the command table, and every registered one is contributed', () => {
  assert.deepEqual(pkg.contributes.commands.map((c) => c.command).sort(), registered);
});

test('menus name only contributed commands and submenus', () => {
  const commands = new Set(registered);
  const submenus = new Set((pkg.contributes.submenus ?? []).map((s) => s.id));
  for (const [menu, entries] of Object.entries(pkg.contributes.menus)) {
    for (const e of entries) {
      if (e.command) assert.ok(commands.has(e.command), `${menu}: ${e.command}`);
      if (e.submenu) assert.ok(submenus.has(e.submenu) && pkg.contributes.menus[e.submenu], `${menu}: submenu ${e.submenu}`);
    }
  }
});

test('the scaffolding wizards are in the palette with their titles and on folders in the explorer', () => {
  const titles = Object.fromEntries(pkg.contributes.commands.map((c) => [c.command, c.title]));
  assert.equal(titles['mldock.scaffold.newCudaImage'], 'New GPU (CUDA) Image…');
  assert.equal(titles['mldock.scaffold.newCondaImage'], 'New Conda/Micromamba Image…');
  assert.equal(titles['mldock.scaffold.newCpuImage'], 'New CPU Image…');
  assert.equal(titles['mldock.scaffold.addDockerignore'], 'Add .dockerignore for ML');
  const explorer = pkg.contributes.menus['explorer/context']!.find((e) => e.submenu === 'mldock.explorer');
  assert.equal(explorer?.when, 'explorerResourceIsFolder');
  assert.deepEqual(pkg.contributes.menus['mldock.explorer']!.map((e) => e.command), ['mldock.scaffold.newCudaImage', 'mldock.scaffold.newCondaImage', 'mldock.scaffold.newCpuImage', 'mldock.scaffold.addDockerignore']);
  const hidden = new Set((pkg.contributes.menus.commandPalette ?? []).filter((e) => e.when === 'false').map((e) => e.command));
  for (const id of Object.keys(titles).filter((c) => c.startsWith('mldock.scaffold.'))) assert.ok(!hidden.has(id), `${id} is in the command palette`);
});
