import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintText } from '../../core/src';
import { RULES_BY_ID } from '../../core/src/rules/registry';
import { TORCH_RELEASES } from '../../core/src/knowledge/torch';
import { compareVersions } from '../../core/src/knowledge/versions';

const RULES = ['ML204', 'ML205', 'ML206'].map((id) => RULES_BY_ID.get(id)!);

/** Every Python `3.x` from `lo` to `hi`. */
function pythons([lo, hi]: readonly [string, string]): string[] {
  const out: string[] = [];
  for (let minor = Number(lo.split('.')[1]); minor <= Number(hi.split('.')[1]); minor++) out.push(`3.${minor}`);
  return out;
}

test('every published torch × CUDA variant × Python combination passes ML204, ML205 and ML206', () => {
  let combinations = 0;
  const failures: string[] = [];
  for (const r of TORCH_RELEASES) {
    for (const variant of ['cpu', ...r.variants]) {
      for (const python of pythons(r.python)) {
        const companions = [`torchvision==${r.torchvision}+${variant}`, ...(r.torchaudio ? [`torchaudio==${r.torchaudio}+${variant}`] : [])];
        const local = `FROM python:${python}-slim\nRUN pip install --no-cache-dir torch==${r.version}+${variant} ${companions.join(' ')}\n`;
        const index = `FROM python:${python}-slim\nRUN pip install --no-cache-dir torch==${r.version} torchvision==${r.torchvision} --index-url https://download.pytorch.org/whl/${variant}\n`;
        for (const text of [local, index]) {
          const result = lintText(text, { rules: RULES });
          combinations++;
          for (const d of result.diagnostics) if (d.source === 'mldock') failures.push(`${text.split('\n')[1]} on Python ${python}: ${d.rule} ${d.message}`);
        }
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(combinations > 400, `walked ${combinations} combinations`);
});

test('the walk is not vacuous: the same rules fire just outside the matrix', () => {
  const r = TORCH_RELEASES.find((x) => x.version === '2.1.0')!;
  const fired = (text: string) => lintText(text, { rules: RULES }).diagnostics.map((d) => d.rule);
  assert.deepEqual(fired(`FROM python:3.11-slim\nRUN pip install torch==${r.version}+cu124\n`), ['ML204']);
  assert.deepEqual(fired(`FROM python:3.12-slim\nRUN pip install torch==${r.version}\n`), ['ML206']);
  assert.deepEqual(fired(`FROM python:3.11-slim\nRUN pip install torch==${r.version} torchvision==0.15.2\n`), ['ML205']);
  assert.ok(compareVersions(r.python[1], '3.11') === 0);
});
