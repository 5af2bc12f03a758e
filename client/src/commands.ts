import type * as vscode from 'vscode';
import type { Ctx } from './context';
import type { ImagesNode } from './images/nodes';

type Handler = (...args: unknown[]) => unknown;

/** Every MLDock command, as `(ctx) => handler` factories registered from one table. */
export function createCommands(ctx: Ctx): Record<string, Handler> {
  return {
    'mldock.images.analyzeWaste': (node) => ctx.images.analyzeWaste(node as ImagesNode | undefined),
    'mldock.images.copyId': (node) => ctx.images.copyId(node as ImagesNode | undefined),
    'mldock.images.filter': () => ctx.images.filter(),
    'mldock.images.openLayerSource': (node) => ctx.images.openLayerSource(node as ImagesNode | undefined),
    'mldock.images.refresh': () => ctx.images.refresh(),
    'mldock.images.remove': (node) => ctx.images.remove(node as ImagesNode | undefined),
    'mldock.restartServer': () => ctx.restartClient(),
    'mldock.scaffold.addDockerignore': (target) => ctx.scaffolding.addDockerignore(target),
    'mldock.scaffold.newCondaImage': (target) => ctx.scaffolding.newImage('conda', target),
    'mldock.scaffold.newCpuImage': (target) => ctx.scaffolding.newImage('cpu', target),
    'mldock.scaffold.newCudaImage': (target) => ctx.scaffolding.newImage('cuda', target),
    'mldock.run.cpu': (arg) => ctx.run.run('cpu', arg),
    'mldock.run.gpu': (arg) => ctx.run.run('gpu', arg),
    'mldock.run.showContainers': () => ctx.run.showContainers(),
    'mldock.showOutput': () => ctx.output.show(true),
  };
}

export function registerCommands(ctx: Ctx, registerCommand: typeof vscode.commands.registerCommand): vscode.Disposable[] {
  return Object.entries(createCommands(ctx)).map(([id, handler]) => registerCommand(id, handler));
}
