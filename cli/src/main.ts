import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { runInit, type InitIo } from './init';
import { runLayers } from './layers';
import { runLint } from './lint';
import { runRun } from './run';
import { EXIT, MAIN_USAGE } from './usage';

declare const MLDOCK_VERSION: string | undefined;

export function version(): string {
  if (typeof MLDOCK_VERSION === 'string') return MLDOCK_VERSION;
  try {
    return (JSON.parse(fs.readFileSync(`${__dirname}/../../package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Runs one command; commands that talk to the container engine are asynchronous. */
export function main(argv: string[], io: InitIo, signal?: AbortSignal): number | Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'lint':
      return runLint(rest, io);
    case 'layers':
      return runLayers(rest, io, signal);
    case 'init':
      return runInit(rest, io);
    case 'run':
      return runRun(rest, io, signal);
    case '--version':
    case '-v':
      io.stdout(`${io.version}\n`);
      return EXIT.OK;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.stdout(MAIN_USAGE);
      return command === undefined ? EXIT.USAGE : EXIT.OK;
    default:
      io.stderr(`mldock: unknown command "${command}"\n\n${MAIN_USAGE}`);
      return EXIT.USAGE;
  }
}

/** One line from the terminal (mldock init's confirmation). */
function askOnTerminal(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve) => rl.question(question, (answer) => {
    rl.close();
    resolve(answer);
  }));
}

if (require.main === module) {
  const internalError = (error: unknown) => {
    process.stderr.write(`mldock: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return EXIT.USAGE;
  };
  // Ctrl+C cancels engine work (and ends the docker processes it started) before exiting.
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  let code: number | Promise<number>;
  try {
    code = main(process.argv.slice(2), {
      cwd: process.cwd(),
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      readStdin: () => fs.readFileSync(0, 'utf8'),
      color: process.stdout.isTTY === true && !process.env.NO_COLOR,
      version: version(),
      ...(process.stdin.isTTY && process.stdout.isTTY && { ask: askOnTerminal }),
    }, controller.signal);
  } catch (error) {
    code = internalError(error);
  }
  // Let piped stdout drain before exiting.
  if (typeof code === 'number') process.exitCode = code;
  else code.then((c) => (process.exitCode = c), (e: unknown) => (process.exitCode = internalError(e)));
}
