// Layer analysis throughput and memory on a generated image of more than 1 GiB, beside the raw
// `docker image save > /dev/null` time, which is the limit the analysis can approach (it reads the same
// stream). Runs alone: node --import tsx bench/layers.bench.ts   (BENCH_QUICK=1: one run each;
// BENCH_KEEP_IMAGE=1: keep the image for the next run). Needs a Docker engine; starts one like the
// docker test tier does. The image is removed afterwards: it takes ~1.2 GB, more with vfs storage.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerEngine } from '../core/src/docker/engine';
import { analyzeImageWaste, imageLayers } from '../core/src/layers/imageLayers';
import { readImageArchive } from '../core/src/layers/imageArchive';
import { analyzeEfficiency } from '../core/src/layers/efficiency';
import { formatBytes } from '../core/src/layers/format';
import { BASE_IMAGE, engineUnavailable } from '../test/helpers/dockerEngine';

const IMAGE = 'mldock-bench/layers:1g';
const RUNS = process.env.BENCH_QUICK === '1' ? 1 : 3;
const ROOT = path.resolve(__dirname, '..');

/** ~1.1 GiB: many small files (metadata-heavy), two 512 MiB files (one deleted: wasted), in five layers. */
const DOCKERFILE = `FROM ${BASE_IMAGE}
RUN mkdir -p /data/small && cd /data/small && for i in $(seq 1 20000); do printf '%4096s' '' > f$i; done
RUN dd if=/dev/zero of=/data/checkpoint.bin bs=1M count=512 2>/dev/null
RUN rm /data/checkpoint.bin
RUN dd if=/dev/zero of=/data/model.safetensors bs=1M count=512 2>/dev/null
CMD ["sh"]
`;

function vmStatus(key: 'VmHWM' | 'VmRSS'): number {
  try {
    const kb = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : process.memoryUsage().rss;
  } catch {
    return process.memoryUsage().rss;
  }
}

/** Child mode: one analysis in a fresh process, so its peak RSS is the analysis's own. */
async function child(image: string): Promise<void> {
  const engine = new DockerEngine();
  const info = await imageLayers(engine, image);
  const baseline = vmStatus('VmRSS');
  const started = process.hrtime.bigint();
  const report = await analyzeImageWaste(engine, info.image.id, info.layers, info.image.size);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const files = report.layers.reduce((s, l) => s + l.files, 0);
  process.stdout.write(`${JSON.stringify({ seconds, bytesRead: report.bytesRead, peak: vmStatus('VmHWM'), baseline, files, layers: report.layers.length, wasted: report.wastedBytes, efficiency: report.efficiency })}\n`);
}

/** Child mode: the reader and the analysis alone, from a saved archive (no engine in the way). */
async function childFile(file: string): Promise<void> {
  const baseline = vmStatus('VmRSS');
  const started = process.hrtime.bigint();
  const archive = await readImageArchive(fs.createReadStream(file, { highWaterMark: 1 << 20 }));
  const report = analyzeEfficiency(archive.layers.map((l) => l.files));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const files = archive.layers.reduce((s, l) => s + l.files.entryCount, 0);
  process.stdout.write(`${JSON.stringify({ seconds, bytesRead: archive.bytesRead, peak: vmStatus('VmHWM'), baseline, files, layers: archive.layers.length, wasted: report.wastedBytes, efficiency: report.efficiency })}\n`);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

async function rawSave(): Promise<number> {
  const devnull = fs.openSync('/dev/null', 'w');
  const started = process.hrtime.bigint();
  const code = await new Promise<number | null>((resolve, reject) => {
    const p = spawn('docker', ['image', 'save', IMAGE], { stdio: ['ignore', devnull, 'inherit'] });
    p.once('error', reject);
    p.once('close', resolve);
  });
  fs.closeSync(devnull);
  if (code !== 0) throw new Error(`docker image save exited with ${code}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function analysisRun(file?: string): { seconds: number; bytesRead: number; peak: number; baseline: number; files: number; layers: number; wasted: number; efficiency: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, ...(file ? ['--child-file', file] : ['--child', IMAGE])], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`analysis failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  const unavailable = engineUnavailable();
  if (unavailable) {
    console.log(`layers: ${unavailable}`);
    return;
  }
  const engine = new DockerEngine();
  const existed = spawnSync('docker', ['image', 'inspect', IMAGE], { stdio: 'ignore' }).status === 0;
  try {
    if (!existed) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-bench-'));
      fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
      const started = Date.now();
      await engine.run(['build', '--quiet', '--force-rm', '--tag', IMAGE, dir], { env: { DOCKER_BUILDKIT: '0' }, what: 'Building the benchmark image' });
      fs.rmSync(dir, { recursive: true, force: true });
      console.log(`layers: built ${IMAGE} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const image = (await imageLayers(engine, IMAGE)).image;
    if (image.size < 2 ** 30) throw new Error(`the benchmark image is only ${formatBytes(image.size)}; it must exceed 1 GiB`);

    // Warm the engine's caches for both, then alternate so machine noise hits both alike.
    await rawSave();
    const raw: number[] = [];
    const runs: ReturnType<typeof analysisRun>[] = [];
    for (let i = 0; i < RUNS; i++) {
      raw.push(await rawSave());
      runs.push(analysisRun());
    }
    // The reader alone, from the same archive on disk: how much headroom the analysis has over docker save.
    const archiveFile = path.join(os.tmpdir(), `mldock-bench-${process.pid}.tar`);
    let readerSeconds: number[] = [];
    try {
      const fd = fs.openSync(archiveFile, 'w');
      spawnSync('docker', ['image', 'save', IMAGE], { stdio: ['ignore', fd, 'inherit'] });
      fs.closeSync(fd);
      analysisRun(archiveFile);
      readerSeconds = Array.from({ length: RUNS }, () => analysisRun(archiveFile).seconds);
    } finally {
      fs.rmSync(archiveFile, { force: true });
    }
    const first = runs[0]!;
    const bytes = first.bytesRead;
    const rawSeconds = median(raw);
    const analysisSeconds = median(runs.map((r) => r.seconds));
    const peak = Math.max(...runs.map((r) => r.peak));
    const baseline = Math.min(...runs.map((r) => r.baseline));
    const mb = (n: number) => (n / 1e6).toFixed(1);

    console.log(`layers: image ${formatBytes(image.size)} (${bytes} bytes in the save stream), ${first.layers} layers, ${first.files} files, wasted ${formatBytes(first.wasted)}, efficiency ${(first.efficiency * 100).toFixed(1)} %`);
    console.log(`layers: docker image save > /dev/null   ${rawSeconds.toFixed(2)} s   ${mb(bytes / rawSeconds)} MB/s   (median of ${RUNS})`);
    console.log(`layers: mldock analysis (same stream)    ${analysisSeconds.toFixed(2)} s   ${mb(bytes / analysisSeconds)} MB/s   (median of ${RUNS})`);
    console.log(`layers: mldock reader alone (from a file) ${median(readerSeconds).toFixed(2)} s   ${mb(bytes / median(readerSeconds))} MB/s   (median of ${RUNS}, page cache warm)`);
    console.log(`layers: ratio analysis/raw save = ${(analysisSeconds / rawSeconds).toFixed(2)}`);
    console.log(`layers: peak RSS of the analysis process ${mb(peak)} MB (Node at start ${mb(baseline)} MB; image ${mb(image.size)} MB)`);

    fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, '.bench', 'layers.json'), `${JSON.stringify({
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      imageBytes: image.size, streamBytes: bytes, files: first.files, runs: RUNS,
      rawSaveSeconds: raw, analysisSeconds: runs.map((r) => r.seconds),
      readerSeconds, readerMBps: bytes / median(readerSeconds) / 1e6,
      rawMBps: bytes / rawSeconds / 1e6, analysisMBps: bytes / analysisSeconds / 1e6,
      peakRssBytes: peak, baselineRssBytes: baseline,
    }, null, 2)}\n`);
  } finally {
    if (!existed && process.env.BENCH_KEEP_IMAGE !== '1') {
      spawnSync('docker', ['image', 'rm', '--force', IMAGE], { stdio: 'ignore' });
      console.log(`layers: removed ${IMAGE}`);
    }
  }
}

if (process.argv[2] === '--child-file') {
  childFile(process.argv[3]!).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
} else if (process.argv[2] === '--child') {
  child(process.argv[3]!).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
} else {
  main().catch((e: unknown) => {
    console.error(`layers: failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
