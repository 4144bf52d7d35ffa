import type { FieldMergeFunction, FieldPolicy, FieldReadFunction } from "@apollo/client/cache";
import { relayStylePagination } from "@apollo/client/utilities";

/** What the cache keeps of the connection: its pages of `edges`, and the last answer without them. */
type Kept = { pages?: object; whole?: object };

/**
 * relayStylePagination() for a connection that queries also read by `nodes`. Apollo's helper
 * keeps pages of `edges` only: an answer that selected `nodes` alone would leave it an empty
 * page, which a paged query would then read as the whole list (no edges, `endCursor: ""`).
 * Answers with `edges` are merged as pages; an answer without them is kept beside the pages.
 */
export function connectionPagination(keyArgs: FieldPolicy["keyArgs"] = false): FieldPolicy<Kept> {
  const relay = relayStylePagination(keyArgs);
  const mergePages = relay.merge as FieldMergeFunction;
  const readPages = relay.read as FieldReadFunction;
  return {
    keyArgs,
    merge(existing, incoming, options) {
      return (incoming as { edges?: unknown }).edges
        ? { ...existing, pages: mergePages(existing?.pages, incoming, options) }
        : { ...existing, whole: incoming };
    },
    // A query selecting `edges` finds none until a page is merged, and one selecting `nodes` none
    // until a whole answer is: each goes to the server first.
    read(existing, options) {
      return existing && { ...existing.whole, ...(existing.pages && readPages(existing.pages, options)) };
    },
  };
}
