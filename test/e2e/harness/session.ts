import { after, before } from 'node:test';
import { startCodeServer, type CodeServer } from './codeServer';
import { Workbench } from './workbench';

export { skipReason } from './codeServer';
export type { Problem } from './workbench';

/** Per-scenario limit; waits inside are on conditions, this only stops a hung run. */
export const SCENARIO_TIMEOUT = 180_000;

export interface Session {
  /** The temp copy of the fixture workspace on disk. */
  readonly workspace: string;
  /** Runs one scenario; on failure saves artifacts/e2e/<name>.failed.png and says where the logs are. */
  scenario(name: string, body: (wb: Workbench) => Promise<void>): Promise<void>;
}

/**
 * One code-server and browser for the scenarios of the enclosing `describe`, started before them
 * and torn down after, serving a fresh copy of test/fixtures/e2e/<fixture>.
 */
export function e2eSession(name: string, fixture: string): Session {
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  before(async () => {
    server = await startCodeServer(name, fixture);
    wb = await Workbench.open(server.url);
  }, { timeout: SCENARIO_TIMEOUT });
  after(async () => {
    await wb?.close();
    await server?.stop();
  }, { timeout: SCENARIO_TIMEOUT });

  return {
    get workspace() {
      if (!server) throw new Error('code-server did not start');
      return server.workspace;
    },
    async scenario(scenarioName, body) {
      if (!wb) throw new Error('the workbench did not open');
      try {
        await body(wb);
      } catch (error) {
        const shot = await wb.screenshot(`${scenarioName}.failed`).catch(() => 'none');
        if (error instanceof Error) error.message += `\n(screenshot: ${shot}; code-server and VS Code logs: artifacts/e2e/logs/${name})`;
        throw error;
      }
    },
  };
}
