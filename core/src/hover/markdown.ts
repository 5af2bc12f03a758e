/** Small helpers so every hover reads the same way. */
export function heading(text: string): string {
  return `**${text}**`;
}

export function bullets(lines: readonly (string | false | undefined)[]): string {
  return lines.filter((l): l is string => typeof l === 'string' && l.length > 0).map((l) => `- ${l}`).join('\n');
}

export function dataNote(dataAsOf: string): string {
  return `_MLDock knowledge, data as of ${dataAsOf}._`;
}
