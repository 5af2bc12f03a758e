import { parseArgs } from 'node:util';
import { DockerEngine } from '../../core/src/docker/engine';
import { EngineError } from '../../core/src/docker/errors';
import { parseBytes } from '../../core/src/docker/json';
import { formatBytes, formatPercent } from '../../core/src/layers/format';
import { analyzeImageWaste, imageLayers, type ImageLayers, type WasteReport } from '../../core/src/layers/imageLayers';
import type { Io } from './lint';
import { EXIT, LAYERS_USAGE } from './usage';

class UsageError extends Error {}

interface Check {
  readonly name: 'min-efficiency' | 'max-wasted-bytes' | 'max-wasted-percent';
  readonly threshold: number;
  readonly value: number;
  readonly passed: boolean;
}

interface Options {
  readonly image: string;
  readonly json: boolean;
  readonly waste: boolean;
  readonly top: number;
  readonly docker: string | undefined;
  readonly minEfficiency: number | undefined;
  readonly maxWastedBytes: number | undefined;
  readonly maxWastedPercent: number | undefined;
  readonly color: boolean;
}

function parse(args: string[], io: Io): Options | 'help' {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      waste: { type: 'boolean' },
      top: { type: 'string' },
      docker: { type: 'string' },
      'min-efficiency': { type: 'string' },
      'max-wasted-bytes': { type: 'string' },
      'max-wasted-percent': { type: 'string' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'an IMAGE is required' : `one IMAGE at a time (got ${positionals.length})`);
  const ratio = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1 || value.trim() === '') throw new UsageError(`--${name} takes a ratio between 0 and 1 (got "${value}")`);
    return n;
  };
  const bytes = values['max-wasted-bytes'] === undefined ? undefined : parseBytes(values['max-wasted-bytes']);
  if (values['max-wasted-bytes'] !== undefined && bytes === undefined) throw new UsageError(`--max-wasted-bytes takes a size such as 20MB, 1GiB or 5000000 (got "${values['max-wasted-bytes']}")`);
  const top = values.top === undefined ? 20 : Number(values.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top takes a whole number (got "${values.top}")`);
  const minEfficiency = ratio('min-efficiency', values['min-efficiency']);
  const maxWastedPercent = ratio('max-wasted-percent', values['max-wasted-percent']);
  return {
    image: positionals[0]!,
    json: values.json === true,
    // Thresholds need the analysis.
    waste: values.waste === true || minEfficiency !== undefined || bytes !== undefined || maxWastedPercent !== undefined,
    top,
    docker: values.docker ?? process.env.MLDOCK_DOCKER_PATH,
    minEfficiency,
    maxWastedBytes: bytes,
    maxWastedPercent,
    color: io.color && values['no-color'] !== true,
  };
}

/** `mldock layers IMAGE`: the image's layers, and with --waste dive's efficiency and wasted bytes. */
export async function runLayers(args: string[], io: Io, signal?: AbortSignal): Promise<number> {
  let options: Options | 'help';
  try {
    options = parse(args, io);
  } catch (error) {
    io.stderr(`mldock layers: ${(error as Error).message}\n\n${LAYERS_USAGE}`);
    return EXIT.USAGE;
  }
  if (options === 'help') {
    io.stdout(LAYERS_USAGE);
    return EXIT.OK;
  }

  const engine = new DockerEngine({ cli: options.docker });
  let layers: ImageLayers;
  let waste: WasteReport | undefined;
  try {
    layers = await imageLayers(engine, options.image, signal);
    if (options.waste) {
      let shown = 0;
      const progress = !options.json && process.stderr.isTTY;
      waste = await analyzeImageWaste(engine, layers.image.id, layers.layers, layers.image.size, {
        signal,
        onProgress: progress
          ? (bytes, total) => {
            if (bytes - shown < 50e6) return;
            shown = bytes;
            io.stderr(`\rReading ${formatBytes(bytes)}${total ? ` of ~${formatBytes(total)}` : ''}…`);
          }
          : undefined,
      });
      if (progress && shown) io.stderr('\r\x1b[K');
    }
  } catch (error) {
    if (error instanceof EngineError) {
      io.stderr(`mldock layers: ${error.explanation}\n`);
      return EXIT.USAGE;
    }
    throw error;
  }

  const checks = waste ? evaluate(options, waste) : [];
  const passed = checks.every((c) => c.passed);
  io.stdout(options.json ? `${JSON.stringify(toJson(options, layers, waste, checks), null, 2)}\n` : formatLayersText(options, layers, waste, checks));
  return passed ? EXIT.OK : EXIT.FINDINGS;
}

/** dive's CI rules: efficiency below the threshold fails; wasted bytes or percent above it fails. */
function evaluate(options: Options, waste: WasteReport): Check[] {
  const checks: Check[] = [];
  if (options.minEfficiency !== undefined) checks.push({ name: 'min-efficiency', threshold: options.minEfficiency, value: waste.efficiency, passed: !(waste.efficiency < options.minEfficiency) });
  if (options.maxWastedBytes !== undefined) checks.push({ name: 'max-wasted-bytes', threshold: options.maxWastedBytes, value: waste.wastedBytes, passed: !(waste.wastedBytes > options.maxWastedBytes) });
  if (options.maxWastedPercent !== undefined) checks.push({ name: 'max-wasted-percent', threshold: options.maxWastedPercent, value: waste.userWastedPercent, passed: !(waste.userWastedPercent > options.maxWastedPercent) });
  return checks;
}

function toJson(options: Options, layers: ImageLayers, waste: WasteReport | undefined, checks: readonly Check[]) {
  const byRow = new Map(waste?.layers.map((l) => [l.row, l]) ?? []);
  return {
    version: 1,
    image: { ref: options.image, id: layers.image.id, tags: layers.image.tags, size: layers.image.size, created: layers.image.created },
    layers: layers.layers.map((l) => {
      const w = byRow.get(l.index);
      return {
        index: l.index,
        id: l.id ?? null,
        createdBy: l.createdBy,
        instruction: l.instruction,
        created: l.created ?? null,
        size: l.size,
        share: l.share,
        empty: l.empty,
        ...(waste ? { files: w?.files ?? 0, wastedBytes: w?.deadBytes ?? 0 } : {}),
      };
    }),
    largest: layers.largest ?? null,
    ...(waste
      ? {
        efficiency: waste.efficiency,
        wastedBytes: waste.wastedBytes,
        reclaimableBytes: waste.reclaimableBytes,
        userWastedPercent: waste.userWastedPercent,
        inefficientFiles: waste.inefficientFiles.map((f) => ({ path: f.path, count: f.count, wastedBytes: f.cumulativeSize, reclaimableBytes: f.reclaimableBytes, layers: f.rows })),
      }
      : {}),
    ...(checks.length ? { checks, passed: checks.every((c) => c.passed) } : {}),
  };
}

const PAINT = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

export function formatLayersText(options: Pick<Options, 'image' | 'top' | 'color'>, layers: ImageLayers, waste: WasteReport | undefined, checks: readonly Check[]): string {
  const paint = (code: keyof typeof PAINT, s: string) => (options.color ? `${PAINT[code]}${s}${PAINT.reset}` : s);
  const out: string[] = [];
  const { image } = layers;
  const name = image.tags[0] ?? options.image;
  const fsLayers = waste ? waste.layers.length : image.layerCount;
  out.push(`${paint('bold', name)}  ${image.id.replace(/^sha256:/, '').slice(0, 12)}  ${formatBytes(image.size)}  ${layers.layers.length} steps, ${fsLayers} layers`);
  out.push('');
  const dead = new Map(waste?.layers.map((l) => [l.row, l.deadBytes]) ?? []);
  const width = String(layers.layers.length - 1).length;
  out.push(paint('dim', `  ${'#'.padStart(width)}  ${'SIZE'.padStart(9)}  ${'SHARE'.padStart(6)}  ${waste ? `${'WASTED'.padStart(9)}  ` : ''}CREATED BY`));
  for (const l of layers.layers) {
    const size = formatBytes(l.size).padStart(9);
    const share = l.empty ? ''.padStart(6) : `${(l.share * 100).toFixed(1)}%`.padStart(6);
    const wasted = waste ? `${(dead.get(l.index) ? formatBytes(dead.get(l.index)!) : '').padStart(9)}  ` : '';
    const text = l.instruction.length > 100 ? `${l.instruction.slice(0, 99)}…` : l.instruction;
    let line = `  ${String(l.index).padStart(width)}  ${size}  ${share}  ${wasted}${text}`;
    if (l.index === layers.largest) line = `${paint('bold', line)}  ${paint('yellow', '← largest')}`;
    else if (l.empty) line = paint('dim', line);
    out.push(line);
  }
  if (waste) {
    out.push('');
    out.push(paint('bold', 'Wasted space') + paint('dim', " (dive's definitions; see docs/layers.md)"));
    out.push(`  efficiency:          ${formatPercent(waste.efficiency, 2)}`);
    out.push(`  wasted bytes:        ${formatBytes(waste.wastedBytes)} (${waste.wastedBytes} bytes)`);
    out.push(`  user wasted percent: ${formatPercent(waste.userWastedPercent, 2)}`);
    out.push(`  reclaimable:         ${formatBytes(waste.reclaimableBytes)} ${paint('dim', '(copies no longer visible; squashing would save this)')}`);
    out.push('');
    const files = waste.inefficientFiles;
    if (files.length === 0) out.push('Inefficient files: none');
    else {
      out.push(`Inefficient files${files.length > options.top ? ` (top ${options.top} of ${files.length}; --json lists all)` : ''}:`);
      out.push(paint('dim', `  ${'COUNT'.padStart(5)}  ${'WASTED'.padStart(9)}  PATH  (steps)`));
      for (const f of files.slice(0, options.top)) out.push(`  ${String(f.count).padStart(5)}  ${formatBytes(f.cumulativeSize).padStart(9)}  ${f.path}  ${paint('dim', `(#${f.rows.join(', #')})`)}`);
    }
  }
  if (checks.length) {
    out.push('');
    out.push('Results:');
    for (const c of checks) {
      const shown = c.name === 'max-wasted-bytes' ? `${formatBytes(c.value)} vs ${formatBytes(c.threshold)}` : `${c.value.toFixed(4)} vs ${c.threshold}`;
      out.push(`  ${c.passed ? paint('green', 'PASS') : paint('red', 'FAIL')}: ${c.name} (${shown})`);
    }
    const failed = checks.filter((c) => !c.passed).length;
    out.push(failed ? paint('red', `FAIL: ${failed} of ${checks.length} checks failed`) : paint('green', `PASS: ${checks.length} checks passed`));
  }
  return `${out.join('\n')}\n`;
}
