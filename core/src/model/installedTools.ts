import { baseImageFacts, type BaseImageFacts } from '../knowledge/baseImages';
import { isInFinalImage, stageAncestry } from './stages';
import type { AnalyzedDocument, CommandInfo } from './types';

/**
 * Whether the final image has a command-line tool (curl, wget): the base image facts plus what the
 * image's RUNs install and remove (apt, apk, dnf/yum/microdnf, conda/mamba/micromamba) and binaries
 * copied in. Undefined when MLDock cannot know (an unknown base image that nothing installs it on).
 */
export function toolInImage(doc: AnalyzedDocument, tool: 'curl' | 'wget'): boolean | undefined {
  const final = doc.finalStage;
  if (!final) return undefined;
  let state: boolean | undefined;
  for (const stage of doc.stages.filter((s) => isInFinalImage(s, final))) {
    for (const instruction of stage.instructions) {
      if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && new RegExp(`(^|\\s|/)${tool}(\\s|$)`).test(instruction.args)) state = true;
      if (instruction.keyword !== 'RUN') continue;
      const virtual = new Map<string, boolean>();
      for (const info of instruction.commands) {
        const change = packageChange(info, tool, virtual);
        if (change !== undefined) state = change;
      }
    }
  }
  if (state !== undefined) return state;
  const facts = rootFacts(doc);
  return facts ? facts[tool] : undefined;
}

/** Facts of the external image the final stage is built on, if MLDock knows it. */
export function rootFacts(doc: AnalyzedDocument): BaseImageFacts | undefined {
  const root = doc.finalStage ? stageAncestry(doc.finalStage).at(-1) : undefined;
  return root?.image ? baseImageFacts(root.image) : undefined;
}

/** true = installs the tool, false = removes it, undefined = does not touch it. `virtual` tracks `apk add --virtual NAME …`. */
function packageChange(info: CommandInfo, tool: string, virtual: Map<string, boolean>): boolean | undefined {
  if (info.apt) {
    const names = info.apt.packages.map((p) => p.name);
    if (!names.includes(tool)) return undefined;
    if (info.apt.subcommand === 'install') return true;
    if (info.apt.subcommand === 'purge' || info.apt.subcommand === 'remove') return false;
    return undefined;
  }
  if (info.conda) {
    const mentions = info.conda.specs.some((s) => s.value.replace(/^[\w-]+::/, '').split(/[=<>!~ ]/)[0] === tool);
    if (!mentions) return undefined;
    return info.conda.subcommand === 'install' || info.conda.subcommand === 'create' ? true : info.conda.subcommand === 'remove' ? false : undefined;
  }
  const { name, args } = info.program;
  const values = args.map((a) => a.value);
  if (name === 'apk') {
    const sub = values[0];
    const positionals: string[] = [];
    let group: string | undefined;
    for (let i = 1; i < values.length; i++) {
      const v = values[i]!;
      if (v === '--virtual' || v === '-t') group = values[++i];
      else if (v.startsWith('--virtual=')) group = v.slice(10);
      else if (!v.startsWith('-')) positionals.push(v);
    }
    if (sub === 'add' && positionals.includes(tool)) {
      if (group) virtual.set(group, true);
      return true;
    }
    if (sub === 'del' && (positionals.includes(tool) || positionals.some((p) => virtual.has(p)))) return false;
    return undefined;
  }
  if (['dnf', 'yum', 'microdnf', 'tdnf'].includes(name)) {
    const sub = values.find((v) => !v.startsWith('-'));
    if (!values.includes(tool)) return undefined;
    return sub === 'install' ? true : sub === 'remove' || sub === 'erase' ? false : undefined;
  }
  return undefined;
}
