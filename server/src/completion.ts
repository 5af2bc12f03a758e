import type { CompletionItem, CompletionList, Position } from 'vscode-languageserver';
import { mlCompletions } from '../../core/src';

/**
 * MLDock's items first, then dockerfile-language-service's (keywords, flags, variables) unchanged.
 * The list is incomplete when ours is (capped tag lists), so clients ask again as the user types.
 */
export function mergeCompletions(text: string, offset: number, position: Position, generic: CompletionItem[] | undefined): CompletionItem[] | CompletionList {
  const ml = mlCompletions(text, offset, position);
  if (!ml || ml.items.length === 0) return generic ?? [];
  return { isIncomplete: ml.isIncomplete, items: [...ml.items, ...(generic ?? [])] };
}
