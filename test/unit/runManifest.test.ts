import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCommands } from '../../client/src/commands';
import type { Ctx } from '../../client/src/context';
import { parseGpuText } from '../../client/src/run/gpus';
import { isValidShmSize } from '../../client/src/run/sharedMemory';
import { runFromTaskDefinition } from '../../client/src/run/taskDefinition';
import { ROOT } from '../helpers/paths';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributes = pkg.contributes;

test('every command in the command table is declared in package.json, and every declared command is registered', () => {
  const registered = Object.keys(createCommands({} as Ctx)).sort();
  const declared = contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(declared, registered);
  const titles = Object.fromEntries(contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));
  assert.equal(titles['mldock.run.gpu'], 'Build & Run with GPU');
  assert.equal(titles['mldock.run.cpu'], 'Build & Run (CPU)');
  // Menus naming only declared commands and submenus: test/unit/clientCommands.test.ts.
});

test('Build & Run is offered only in trusted workspaces: palette, editor title, explorer and the Images view', () => {
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  const menus = contributes.menus as Record<string, { command: string; when?: string }[]>;
  for (const id of ['mldock.run.cpu', 'mldock.run.gpu']) {
    for (const menu of ['commandPalette', 'editor/title', 'explorer/context', 'view/item/context']) {
      const entries = menus[menu]!.filter((e) => e.command === id);
      assert.ok(entries.length > 0, `${id} is in ${menu}`);
      for (const e of entries) assert.match(e.when ?? '', /isWorkspaceTrusted/, `${menu} → ${id} needs a trusted workspace`);
    }
  }
  assert.match(menus['editor/title']!.find((e) => e.command === 'mldock.run.gpu')!.when!, /resourceLangId == dockerfile/);
  assert.ok(pkg.activationEvents.includes('onTaskType:mldock'));
});

test('the run settings\' defaults and patterns agree with what the code accepts', () => {
  const props = contributes.configuration[0].properties;
  const gpuPattern = new RegExp(props['mldock.run.gpus'].pattern);
  for (const text of ['all', 'ask', '2', 'device=0,1', '"device=0,1"', 'GPU-3f2a1b7c-1111']) {
    assert.ok(gpuPattern.test(text), `setting accepts ${text}`);
    if (text !== 'ask') assert.ok(parseGpuText(text).ok, `code accepts ${text}`);
  }
  const shmPattern = new RegExp(props['mldock.run.shmSize'].pattern);
  for (const text of ['8g', '512m', '1.5GiB']) assert.ok(shmPattern.test(text) && isValidShmSize(text), text);
  for (const text of ['auto', 'host', 'default']) assert.ok(shmPattern.test(text), text);
  assert.ok(!shmPattern.test('lots'));
  assert.equal(props['mldock.run.gpus'].default, 'all');
  assert.equal(props['mldock.run.shmSize'].default, 'auto');
  assert.equal(props['mldock.run.detach'].default, false);
  assert.equal(props['mldock.run.codeLens'].default, true);
  assert.equal(props['mldock.docker.path'].scope, 'machine', 'a workspace cannot choose the program Build & Run executes');
});

test('every field the mldock task type declares is read by the task parser', () => {
  const [definition] = contributes.taskDefinitions;
  assert.equal(definition.type, 'mldock');
  assert.deepEqual(definition.required, ['dockerfile']);
  const sample: Record<string, unknown> = {
    type: 'mldock', command: 'run', dockerfile: 'Dockerfile', context: '.', target: 'serve', tag: 'app:serve', buildArgs: { A: '1' }, gpus: 'all',
    ports: ['8080:80'], envFile: '.env', mounts: ['./data:/data:ro'], shmSize: '8g', ipcHost: false, detach: true, name: 'app', waitHealthy: false,
  };
  assert.deepEqual(Object.keys(sample).filter((k) => k !== 'type').sort(), Object.keys(definition.properties).sort(), 'the sample covers the schema');
  const parsed = runFromTaskDefinition(sample, '/ws');
  assert.ok(parsed.ok, JSON.stringify(parsed));
  const { request, waitHealthy } = parsed.run;
  assert.deepEqual([request.target, request.tag, request.buildArgs, request.gpus.kind, request.ports.length, request.envFile, request.mounts.length, request.shmSize, request.detach, request.name, waitHealthy],
    ['serve', 'app:serve', { A: '1' }, 'all', 1, path.resolve('/ws/.env'), 1, '8g', true, 'app', false]);
});
