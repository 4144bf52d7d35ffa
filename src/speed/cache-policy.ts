/**
 * One cache policy for every answer, instead of Apollo's cache-control plugin
 * (which wraps every resolver and calls a hook per field to compute a policy
 * from `@cacheControl` hints the schema does not use). The facts only change
 * when the server restarts on new fixtures, so an answer without errors may be
 * kept `maxAge` seconds by anyone (browsers, CDNs: the API is public and takes
 * no credentials); an answer with errors is `no-store`. The header is written
 * in the form Apollo's plugin writes it.
 */
import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { DEFAULTS } from "../config";

/** Seconds an answer without errors may be kept unless configured (`CACHE_MAX_AGE`). */
export const DEFAULT_CACHE_MAX_AGE = DEFAULTS.cacheMaxAge;

export function fixedCachePolicy(maxAge: number): ApolloServerPlugin[] {
  const listener: GraphQLRequestListener<never> = {
    async willSendResponse({ response }) {
      const cacheable = maxAge > 0 && response.body.kind === "single" && !response.body.singleResult.errors;
      response.http.headers.set("cache-control", cacheable ? `max-age=${maxAge}, public` : "no-store");
    },
  };
  return [ApolloServerPluginCacheControlDisabled(), { requestDidStart: async () => listener }];
}
