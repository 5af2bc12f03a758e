import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, hostDriver, mergeSettings, parseConfig, RULE_IDS } from '../../core/src';
import { settingsFromEditor } from '../../server/src/editorSettings';

test('.mldock.yaml reads gpu.hostDriverVersion and gpu.targetArchitectures', () => {
  const { settings, problems } = parseConfig('gpu:\n  hostDriverVersion: "535.104.05"\n  targetArchitectures: [sm_90, "8.6"]\n', RULE_IDS);
  assert.deepEqual(problems, []);
  assert.deepEqual(settings.gpu, { hostDriverVersion: '535.104.05', targetArchitectures: ['sm_90', '8.6'] });
});

test('invalid gpu settings are reported with their line and ignored', () => {
  const { settings, problems } = parseConfig('rules: { ML201: off }\ngpu:\n  hostDriverVersion: latest\n  targetArchitectures: [hopper]\n  driver: 1\n', RULE_IDS);
  assert.deepEqual(problems.map((p) => p.line), [2, 3, 4]);
  assert.match(problems[0]!.message, /NVIDIA driver version/);
  assert.match(problems[1]!.message, /not hopper/);
  assert.deepEqual(settings.gpu, {});
  assert.deepEqual(settings.rules, { ML201: 'off' });
  assert.equal(parseConfig('gpu: [1]\n', RULE_IDS).problems.length, 1);
});

test('layers merge per GPU field; a configured driver wins over the detected one', () => {
  const merged = mergeSettings({ gpu: { detectedHostDriverVersion: '550.54.15' } }, { gpu: { targetArchitectures: ['sm_120'] } }, { rules: { ML201: 'off' } });
  assert.deepEqual(merged.gpu, { hostDriverVersion: undefined, detectedHostDriverVersion: '550.54.15', targetArchitectures: ['sm_120'] });
  assert.deepEqual(hostDriver(merged.gpu), { version: '550.54.15', source: 'nvidia-smi' });
  const configured = mergeSettings(merged, { gpu: { hostDriverVersion: '535.104.05' } });
  assert.deepEqual(hostDriver(configured.gpu), { version: '535.104.05', source: 'setting' });
  assert.equal(hostDriver(DEFAULT_SETTINGS.gpu), undefined);
});

test('editor settings: empty values mean "not set" so .mldock.yaml applies; invalid ones are dropped', () => {
  assert.deepEqual(settingsFromEditor({ rules: {}, gpu: { hostDriverVersion: '', targetArchitectures: [] } }), { rules: {} });
  assert.deepEqual(settingsFromEditor({ gpu: { hostDriverVersion: '570.124.06', targetArchitectures: ['sm_120', 'nonsense', 3] } }), {
    rules: {}, gpu: { hostDriverVersion: '570.124.06', targetArchitectures: ['sm_120'] },
  });
});
