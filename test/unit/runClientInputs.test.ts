import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { describeGpus, gpuText, parseGpuText } from '../../client/src/run/gpus';
import { formatPortList, parsePortList, planPorts, suggestHostPort } from '../../client/src/run/ports';
import { isPortFree } from '../../client/src/run/portProbe';
import { isValidShmSize, sharedMemoryFor, sharedMemoryText, suggestShmSize } from '../../client/src/run/sharedMemory';

const GIB = 1024 ** 3;

test('GPU choices parse the way users type them, and print back the same way', () => {
  assert.deepEqual(parseGpuText('all'), { ok: true, gpus: { kind: 'all' } });
  assert.deepEqual(parseGpuText(' ALL '), { ok: true, gpus: { kind: 'all' } });
  assert.deepEqual(parseGpuText('none'), { ok: true, gpus: { kind: 'none' } });
  assert.deepEqual(parseGpuText(''), { ok: true, gpus: { kind: 'none' } });
  assert.deepEqual(parseGpuText('2'), { ok: true, gpus: { kind: 'count', count: 2 } });
  assert.deepEqual(parseGpuText('device=0,1'), { ok: true, gpus: { kind: 'devices', ids: ['0', '1'] } });
  assert.deepEqual(parseGpuText('"device=0, 2"'), { ok: true, gpus: { kind: 'devices', ids: ['0', '2'] } }, 'pasted with the quotes docker\'s docs use');
  assert.deepEqual(parseGpuText('0,1'), { ok: true, gpus: { kind: 'devices', ids: ['0', '1'] } }, 'a bare list means device IDs');
  assert.deepEqual(parseGpuText('device=0'), { ok: true, gpus: { kind: 'devices', ids: ['0'] } });
  assert.deepEqual(parseGpuText('device=0:1'), { ok: true, gpus: { kind: 'devices', ids: ['0:1'] } }, 'MIG index');
  assert.deepEqual(parseGpuText('GPU-3f2a1b7c-1111-2222-3333-444455556666'), { ok: true, gpus: { kind: 'devices', ids: ['GPU-3f2a1b7c-1111-2222-3333-444455556666'] } });
  for (const bad of ['0', '65', 'device=', 'device=0,0', 'gpu0', 'device=0;rm -rf /', '1,two', 'some']) {
    const parsed = parseGpuText(bad);
    assert.equal(parsed.ok, false, `"${bad}" is rejected`);
    if (!parsed.ok) assert.ok(parsed.error.length > 10, 'with a message that says what to type');
  }
  assert.match((parseGpuText('0') as { error: string }).error, /none.*device=0/);
  for (const text of ['all', 'none', '3', 'device=0,1', 'device=GPU-abc12345']) {
    const parsed = parseGpuText(text);
    assert.ok(parsed.ok);
    assert.equal(gpuText(parsed.gpus), text);
  }
  assert.equal(describeGpus({ kind: 'count', count: 1 }), '1 GPU');
  assert.equal(describeGpus({ kind: 'devices', ids: ['0', '1'] }), 'GPUs 0, 1');
});

test('port lists: HOST:CONTAINER or a bare port, validated', () => {
  assert.deepEqual(parsePortList('8080:80, 9000'), { ok: true, ports: [{ host: 8080, container: 80 }, { host: 9000, container: 9000 }] });
  assert.deepEqual(parsePortList('  '), { ok: true, ports: [] });
  assert.deepEqual(parsePortList('8000:8000/tcp'), { ok: true, ports: [{ host: 8000, container: 8000 }] });
  for (const bad of ['0:80', '70000', '8080:80,8080:81', '127.0.0.1:8080:80', 'http', '8080:']) assert.equal(parsePortList(bad).ok, false, bad);
  assert.equal(formatPortList([{ host: 8080, container: 80 }, { host: 9000, container: 9000 }]), '8080:80, 9000:9000');
});

test('host port suggestion: the same port when free, else the next free one; privileged ports move to 8000+', async () => {
  const busy = new Set([8000, 8001, 8080]);
  const probe = async (p: number) => !busy.has(p);
  assert.equal(await suggestHostPort(7860, probe), 7860);
  assert.equal(await suggestHostPort(8000, probe), 8002);
  assert.equal(await suggestHostPort(80, probe), 8081);
  assert.equal(await suggestHostPort(443, probe), 8443);
  assert.equal(await suggestHostPort(8000, async () => false), undefined, 'gives up instead of looping');
  assert.equal(await suggestHostPort(8000, probe, new Set([8002])), 8003, 'ports already given to another mapping are skipped');
});

test('port plan: EXPOSEd ports get free host ports; remembered mappings win and move only when busy', async () => {
  const busy = new Set([8000]);
  const probe = async (p: number) => !busy.has(p);
  const fresh = await planPorts([8000, 8000, 9090], undefined, probe);
  assert.deepEqual(fresh.ports, [{ host: 8001, container: 8000 }, { host: 9090, container: 9090 }]);
  assert.deepEqual(fresh.notes, ['Host port 8000 is in use; publishing container port 8000 on 8001.']);
  const kept = await planPorts([8000], [{ host: 18000, container: 8000 }], probe);
  assert.deepEqual(kept, { ports: [{ host: 18000, container: 8000 }], notes: [] });
  const moved = await planPorts([8000], [{ host: 8000, container: 8000 }], probe);
  assert.deepEqual(moved.ports, [{ host: 8001, container: 8000 }]);
  assert.deepEqual((await planPorts([], [], probe)).ports, [], 'a remembered "no ports" stays empty');
});

test('the port probe sees a port a real socket holds, and frees it again', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '0.0.0.0' }, resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    assert.equal(await isPortFree(port), false);
    assert.equal(await suggestHostPort(port, isPortFree) !== port, true);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  assert.equal(await isPortFree(port), true);
});

test('shared memory: PyTorch images get a --shm-size sized from the engine memory; others keep Docker\'s default', () => {
  assert.equal(suggestShmSize(undefined), '2g');
  assert.equal(suggestShmSize(16 * GIB), '4g');
  assert.equal(suggestShmSize(31 * GIB), '4g', 'rounded down to a power of two');
  assert.equal(suggestShmSize(2 * GIB), '1g', 'at least 1g');
  assert.equal(suggestShmSize(512 * GIB), '16g', 'at most 16g');
  assert.deepEqual(sharedMemoryFor('auto', 'torch', 64 * GIB), { shmSize: '16g' });
  assert.deepEqual(sharedMemoryFor('auto', 'tensorflow', 64 * GIB), {});
  assert.deepEqual(sharedMemoryFor('auto', undefined), {});
  assert.deepEqual(sharedMemoryFor('host', undefined), { ipcHost: true });
  assert.deepEqual(sharedMemoryFor('8g', 'jax'), { shmSize: '8g' });
  assert.deepEqual(sharedMemoryFor('default', 'torch'), {});
  assert.deepEqual(sharedMemoryFor('lots', 'torch'), {}, 'an invalid size falls back to Docker\'s default');
  for (const good of ['512m', '8g', '1.5GiB', '1073741824', '2gb']) assert.ok(isValidShmSize(good), good);
  for (const bad of ['0', 'g', '8 gigs', '-1g', '']) assert.ok(!isValidShmSize(bad), bad);
  assert.equal(sharedMemoryText({ ipcHost: true }), 'host');
  assert.equal(sharedMemoryText({ shmSize: '4g' }), '4g');
  assert.equal(sharedMemoryText({}), 'default');
});
