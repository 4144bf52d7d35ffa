/**
 * What a parsed document takes in memory, estimated from its tokens and the length of its text:
 * graphql-js keeps a token list and a `Location` on every node, which `JSON.stringify` leaves out.
 * The document store (document-store.ts) and compiled execution (compiled.ts) are
 * bounded by it.
 */
import { TokenKind, type DocumentNode } from "graphql";

/**
 * Heap bytes a parsed document takes, by what it is made of (tools/document-cost.ts
 * measures them):
 * - a name (field, argument, type, variable): its Token, a Name node, the node
 *   it names (a Field, with its empty `arguments` and `directives` arrays),
 *   and a Location on each node;
 * - an opening brace: its Token and a SelectionSet with its array and Location;
 * - any other token (punctuation, a literal, a comment): its Token and at most a small node;
 * - each character: the text, which the document keeps, and names and strings copied out of it;
 * - each entry: the Document and Source objects, the store's key (a schema
 *   hash and a query hash) and the LRU's slots.
 */
export const DOCUMENT_COST = Object.freeze({ name: 520, brace: 400, otherToken: 80, char: 2, entry: 1536 });

/** Lexical tokens of a document parsed with locations, by kind: graphql-js links them from its start token. */
export function tokenCounts(document: DocumentNode): { names: number; braces: number; others: number } {
  const counts = { names: 0, braces: 0, others: 0 };
  for (let token = document.loc?.startToken.next; token && token.kind !== TokenKind.EOF; token = token.next) {
    if (token.kind === TokenKind.NAME) counts.names++;
    else if (token.kind === TokenKind.BRACE_L) counts.braces++;
    else counts.others++;
  }
  return counts;
}

/** Lexical tokens of a document parsed with locations; 0 without. */
export function tokenCount(document: DocumentNode): number {
  const { names, braces, others } = tokenCounts(document);
  return names + braces + others;
}

/**
 * Estimated heap bytes of a parsed document, from its tokens and the length of its text
 * (from its JSON, 5 bytes per character, when it was parsed without locations).
 */
export function documentSize(document: DocumentNode): number {
  const c = DOCUMENT_COST;
  if (!document.loc) return c.entry + 5 * Buffer.byteLength(JSON.stringify(document));
  const { names, braces, others } = tokenCounts(document);
  return c.entry + c.name * names + c.brace * braces + c.otherToken * others + c.char * document.loc.source.body.length;
}
