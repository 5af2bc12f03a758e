/**
 * Every knowledge table says how fresh it is and where it comes from (details in docs/knowledge.md).
 * When a version is newer than a table, MLDock says "unknown to MLDock (data as of …)" instead of
 * calling it invalid.
 */
export interface KnowledgeMeta {
  /** Year and month of the newest source the table was built from. */
  readonly dataAsOf: string;
  readonly sources: readonly string[];
}

export function unknownToMldock(what: string, meta: KnowledgeMeta): string {
  return `${what} is unknown to MLDock (data as of ${meta.dataAsOf})`;
}
