import * as vscode from 'vscode';
import { DockerEngine } from '../../core/src/docker/engine';

/**
 * The engine as the settings describe it, shared by the Images view and Build & Run:
 * `mldock.docker.path`, with the extension host's environment, so DOCKER_HOST and the current
 * `docker context` apply as in a terminal.
 */
export function engineFromSettings(): DockerEngine {
  const cli = vscode.workspace.getConfiguration('mldock').get<string>('docker.path') || undefined;
  return new DockerEngine({ cli });
}
