/** `search`: every entity whose table has names in the catalogue (`names`) is a `SearchResult`. */
import { Arg, Ctx, createUnionType, Int, Query, Resolver, type ClassType } from "type-graphql";
import type { Context } from "../../context";
import { normalizeName, searchIndexOf } from "../../facts/search";
import type { Catalogue } from "../../facts/tables";
import type { Entity } from "./entity";
import { listed } from "../shapes/words";
import { badUserInput } from "../shapes/errors";

export const MAX_SEARCH_RESULTS = 100;
export const DEFAULT_SEARCH_RESULTS = 10;
const MAX_QUERY_LENGTH = 200;

/** The best `first` records whose names match `query` (see the field's description). */
function search(query: string, ctx: Context, first: number | null | undefined) {
  const limit = first ?? DEFAULT_SEARCH_RESULTS;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_RESULTS) {
    throw badUserInput(`Argument "first" must be between 1 and ${MAX_SEARCH_RESULTS}, got ${limit}.`, "first");
  }
  if (query.length > MAX_QUERY_LENGTH) throw badUserInput(`Argument "query" must be at most ${MAX_QUERY_LENGTH} characters.`, "query");
  if (!normalizeName(query)) throw badUserInput('Argument "query" must contain a letter or a digit.', "query");
  return searchIndexOf(ctx.store)
    .search(query, limit)
    .map((hit) => hit.row);
}

export function searchResolver(catalogue: Catalogue, entities: readonly Entity[]): ClassType {
  const named = entities.filter((entity) => catalogue[entity.table]?.names);
  const SearchResult = createUnionType({
    name: "SearchResult",
    description: "Anything with a name that `search` can find.",
    types: () => named.map((entity) => entity.type) as [ClassType, ...ClassType[]],
  });

  @Resolver()
  class SearchResolver {
    @Query(() => [SearchResult], {
      description: [
        `Finds ${listed(named.map((entity) => entity.table))} by name or alias.`,
        'Matching ignores case, accents and punctuation ("nicolás" finds "Nicolas", "us" finds "U.S.") and works on partial words.',
        "Ranking: an exact match of a whole name first, then names that start with the query, then names with a word that starts with it, then names that contain it anywhere;",
        "within a tier a primary name ranks before an alias, a shorter name before a longer one, then fixture order.",
        `A plain list, not paged: the best \`first\` matches, at most ${MAX_SEARCH_RESULTS}; a narrower query finds the others.`,
      ].join(" "),
    })
    search(
      @Arg("query", () => String, { description: "The text to look for: a name, an alias or part of one." }) query: string,
      @Ctx() ctx: Context,
      @Arg("first", () => Int, {
        nullable: true,
        description: `How many results at most, 1 to ${MAX_SEARCH_RESULTS} (default ${DEFAULT_SEARCH_RESULTS}).`,
      })
      first?: number | null,
    ) {
      return search(query, ctx, first);
    }
  }
  return SearchResolver;
}
