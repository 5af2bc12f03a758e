import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEEDS } from './paths';

/** The vendored seed Dockerfiles (real files with real mistakes), in name order. */
export function seedDockerfiles(): { name: string; text: string }[] {
  return fs.readdirSync(SEEDS).filter((n) => n.endsWith('Dockerfile')).sort().map((name) => ({ name, text: fs.readFileSync(path.join(SEEDS, name), 'utf8') }));
}

/**
 * A Dockerfile of exactly `lines` lines made by concatenating the seed Dockerfiles (cycling through
 * them), so large inputs have the mix of stages, comments, continuations and findings real ones have.
 */
export function seedDocument(lines: number): string {
  const all = seedDockerfiles().flatMap((s) => s.text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n').concat(''));
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) out.push(all[i % all.length]!);
  return out.join('\n') + '\n';
}
