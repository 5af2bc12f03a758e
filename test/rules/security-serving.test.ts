import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../core/src';
import { FIXTURES } from '../helpers/paths';

const fixture = (rule: string, name: string) => fs.readFileSync(path.join(FIXTURES, 'rules', rule, name), 'utf8');

test('ML401 offers no quick-fix when the app lives in /root, and says why', () => {
  const [d] = lintText(fixture('ML401', 'bad-root-home.Dockerfile')).diagnostics.filter((x) => x.rule === 'ML401');
  assert.ok(d);
  assert.equal(d.fixable, false, 'switching user would hide /root/.local from the app');
  assert.match(d.message, /\/root\/\.local/);
  const [plain] = lintText(fixture('ML401', 'bad-implicit-root.Dockerfile')).diagnostics.filter((x) => x.rule === 'ML401');
  assert.equal(plain?.fixable, true);
});

test('ML505 offers no HEALTHCHECK when it cannot tell the port or find a tool to probe it', () => {
  const text = 'FROM debian:12-slim\nCOPY server /usr/local/bin/server\nEXPOSE 9000\nCMD ["server"]\n';
  const [d] = lintText(text).diagnostics.filter((x) => x.rule === 'ML505');
  assert.ok(d, 'a serving image without HEALTHCHECK is reported');
  assert.equal(d.fixable, false, 'Debian has neither curl nor Python: no check MLDock could write would run');
});
