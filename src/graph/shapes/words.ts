/** English for generated descriptions and messages. */
import indefinite from "indefinite";
import { MAX_LIST_ITEMS } from "../../facts/records";

/** "an Accusation", "a Visit", "a Union": the article follows the word's sound (the `indefinite` package's rules). */
export function withArticle(word: string): string {
  return indefinite(word);
}

/** "a, b and c" (or "a, b or c"): words named in a description or a message. */
export function listed(words: readonly string[], conjunction: "and" | "or" = "and"): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} ${conjunction} ${words.at(-1)}`;
}

/** Ends the description of every plain list of a record's own (facts/records.ts bounds them), so that a client knows it comes whole. */
export const PLAIN_LIST_NOTE = `A plain list of at most ${MAX_LIST_ITEMS} items, not paged.`;

/** The Wikidata key of every type that has one: the analyst's choice of identity, never a source's statement. */
export function wikidataIdDescription(kind: string, example: string): string {
  return `The Wikidata item that is this ${kind}, e.g. "${example}": its identity beyond this graph, set by whoever added it, not stated by any source. A federation key another subgraph may join on; null where none is set.`;
}
