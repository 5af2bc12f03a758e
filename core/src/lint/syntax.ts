import { validate, ValidationCode } from 'dockerfile-utils';
import type { Diagnostic } from 'vscode-languageserver-types';
import { installDockerfileAstSpeedups } from '../parse/dockerfileAstSpeedups';

// Parsing is the bulk of the work here: use the memoised dockerfile-ast (identical results, ~4× faster).
installDockerfileAstSpeedups();

/** dockerfile-utils' syntax and semantic checks, as it reports them (its own codes and source). */
export function syntaxDiagnostics(text: string): Diagnostic[] {
  return validate(text) as Diagnostic[];
}

/** A readable rule name for a dockerfile-utils code: `dockerfile-utils/UNKNOWN_INSTRUCTION`. */
export function syntaxRuleName(code: unknown): string {
  const name = typeof code === 'number' ? (ValidationCode as unknown as Record<number, string>)[code] : undefined;
  return `dockerfile-utils/${name ?? String(code)}`;
}
