/**
 * A second team's subgraph, as a typical one is written: it extends our Country and
 * Leader by key (`id`, our Node ID), knows organizations only by their Wikidata ID (our
 * second key), returns Country and Organization references for us to resolve,
 * and has its own Node interface and @shareable PageInfo for its own connections.
 */
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { encodeId } from "../../src/graph/shapes/ids";

export const RISK_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

"""An object with a global ID."""
interface Node {
  id: ID!
}

"""Pagination state, shared with every subgraph that pages."""
type PageInfo @shareable {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}

"""A country, as the risk desk sees it."""
type Country implements Node @key(fields: "id") {
  id: ID!
  """Country risk, 0 (none) to 100."""
  riskScore: Int!
  """Countries the risk desk tracks together with this one."""
  partners: [Country!]!
}

"""A leader, as the risk desk sees it."""
type Leader @key(fields: "id") {
  id: ID!
  """Approval rating in per cent, where polled."""
  approvalRating: Float
}

"""An organization, as the risk desk knows it: by its Wikidata item."""
type Organization @key(fields: "wikidataId") {
  wikidataId: String!
  """Exposure to sanctions, 0 (none) to 100, where assessed."""
  sanctionsExposure: Int
}

"""A risk briefing."""
type Briefing implements Node @key(fields: "id") {
  id: ID!
  title: String!
  countries: [Country!]!
  organizations: [Organization!]!
}

type BriefingConnection {
  nodes: [Briefing!]!
  pageInfo: PageInfo!
}

type Query {
  briefings: BriefingConnection!
}
`;

const country = (local: string) => encodeId("countries", local);

/** The risk desk's own data, keyed by our Node IDs. */
export const RISK = {
  riskScore: new Map([
    [country("iran"), 80],
    [country("venezuela"), 70],
    [country("cuba"), 60],
    [country("nicaragua"), 55],
  ]),
  partners: new Map([[country("iran"), [country("venezuela"), country("cuba"), country("nicaragua")]]]),
  approvalRating: new Map([[encodeId("leaders", "nicolas-maduro"), 31.5]]),
  /** By Wikidata item. */
  sanctionsExposure: new Map([["Q7795", 40]]),
};

export interface RiskSubgraph {
  url: string;
  /** Representations this subgraph resolved, by type (each `__resolveReference` call). */
  referencesResolved: Map<string, number>;
  stop(): Promise<void>;
}

function countReference(calls: Map<string, number>, typename: string): void {
  calls.set(typename, (calls.get(typename) ?? 0) + 1);
}

export async function startRiskSubgraph(): Promise<RiskSubgraph> {
  const referencesResolved = new Map<string, number>();
  const schema = buildSubgraphSchema({
    typeDefs: parse(RISK_SDL),
    resolvers: {
      Country: {
        __resolveReference: ({ id }: { id: string }) => {
          countReference(referencesResolved, "Country");
          return { id };
        },
        riskScore: ({ id }: { id: string }) => RISK.riskScore.get(id) ?? 0,
        partners: ({ id }: { id: string }) => (RISK.partners.get(id) ?? []).map((partner) => ({ id: partner })),
      },
      Leader: {
        __resolveReference: ({ id }: { id: string }) => {
          countReference(referencesResolved, "Leader");
          return { id };
        },
        approvalRating: ({ id }: { id: string }) => RISK.approvalRating.get(id) ?? null,
      },
      Organization: {
        __resolveReference: ({ wikidataId }: { wikidataId: string }) => {
          countReference(referencesResolved, "Organization");
          return { wikidataId };
        },
        sanctionsExposure: ({ wikidataId }: { wikidataId: string }) => RISK.sanctionsExposure.get(wikidataId) ?? null,
      },
      Query: {
        briefings: () => ({
          nodes: [
            {
              id: "briefing-1",
              title: "Tour of friendly countries",
              countries: [{ id: country("venezuela") }, { id: country("cuba") }],
              organizations: [{ wikidataId: "Q7795" }],
            },
          ],
          pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        }),
      },
    } as never,
  });
  const server = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  return { url, referencesResolved, stop: () => server.stop() };
}
