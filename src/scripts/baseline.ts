/**
 * The breaking-change baseline, schema/baseline/client.graphql: the client schema as last
 * released. `npm test` holds schema/client.graphql to it (only additions and deprecations);
 * `npm run schema:release` moves it to the current client schema, and only when nothing in
 * between breaks a client, or when breaking changes are accepted by name of the flag.
 */
import { type BreakingChange, buildSchema, findBreakingChanges } from "graphql";

/** Said at the top of the baseline, so that nobody takes it for the schema to use. */
export const BASELINE_HEADER = `# The breaking-change baseline: the client schema as last released, NOT the schema to use.
# Clients read schema/client.graphql; gateways schema/subgraph.graphql. \`npm test\` fails on any
# change to schema/client.graphql that breaks this; \`npm run schema:release\` moves it at a release.
`;

export type Release = { baseline: string; breaking: BreakingChange[] } | { baseline: null; breaking: BreakingChange[] };

/**
 * The next baseline for the current client SDL: the SDL under the header, unless it breaks the
 * previous baseline and `acceptBreaking` is not given (then null and what breaks).
 */
export function nextBaseline(previous: string, current: string, acceptBreaking = false): Release {
  const breaking = findBreakingChanges(buildSchema(previous), buildSchema(current));
  if (breaking.length > 0 && !acceptBreaking) return { baseline: null, breaking };
  return { baseline: BASELINE_HEADER + current, breaking };
}
