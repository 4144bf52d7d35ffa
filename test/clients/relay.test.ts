/**
 * Relay against the real server: the documents in test/clients/relay/ are compiled by
 * relay-compiler against schema/client.graphql (`npm run relay`, part of `npm test`), and the
 * artifacts run here on relay-runtime's store and network, paginating the way react-relay's
 * usePaginationFragment does (the same relay-runtime helpers, without React).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ConnectionInterface,
  createOperationDescriptor,
  Environment,
  type FetchFunction,
  fetchQuery,
  getPaginationMetadata,
  getPaginationVariables,
  getRefetchMetadata,
  getRequest,
  getSelector,
  getValueAtPath,
  type GraphQLResponse,
  type GraphQLTaggedNode,
  Network,
  type OperationType,
  type ReaderFragment,
  RecordSource,
  type SingularReaderSelector,
  Store,
  type Variables,
} from "relay-runtime";
import CountryVisitsPaginationQuery, {
  type CountryVisitsPaginationQuery as CountryVisitsPaginationQueryType,
} from "../__generated__/relay/CountryVisitsPaginationQuery.graphql";
import CountryVisitsQuery, { type CountryVisitsQuery as CountryVisitsQueryType } from "../__generated__/relay/CountryVisitsQuery.graphql";
import CountryVisitsFragment, { type CountryVisits_country$data } from "../__generated__/relay/CountryVisits_country.graphql";
import VisitListQuery, { type VisitListQuery as VisitListQueryType } from "../__generated__/relay/VisitListQuery.graphql";
import VisitListFragment, { type VisitList_query$data } from "../__generated__/relay/VisitList_query.graphql";
import { startServer, type TestServer } from "../helpers";

interface Sent {
  name: string;
  text: string;
  variables: Variables;
  status: number;
  body: Record<string, any>;
}

/** A Relay environment whose network POSTs to the server the way a Relay app's fetch function does, and records each answer. */
function relayEnvironment(server: TestServer) {
  const sent: Sent[] = [];
  const fetchFn: FetchFunction = async (params, variables) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query: params.text, operationName: params.name, variables }),
    });
    const body = (await res.json()) as GraphQLResponse & Record<string, any>;
    sent.push({ name: params.name, text: params.text ?? "", variables, status: res.status, body });
    return body;
  };
  const environment = new Environment({ network: Network.create(fetchFn), store: new Store(new RecordSource()) });
  return { environment, sent };
}

/** Fetches a query into the store (retained, as a mounted screen would) and reads its data. */
async function load<T extends OperationType>(environment: Environment, query: GraphQLTaggedNode, variables: T["variables"]) {
  const operation = createOperationDescriptor(getRequest(query), variables);
  environment.retain(operation);
  await fetchQuery(environment, query, variables, { fetchPolicy: "network-only" }).toPromise();
  return environment.lookup(operation.fragment).data as T["response"];
}

function readFragment<T>(environment: Environment, fragment: ReaderFragment, ref: unknown): T {
  return environment.lookup(getSelector(fragment, ref) as SingularReaderSelector).data as T;
}

/**
 * Loads the next `count` items of the fragment's @connection with its generated pagination query,
 * as usePaginationFragment's loadNext does: the variables from relay-runtime's pagination metadata,
 * the Node ID for a fragment on a Node type, and the store's connection handler appending the page.
 * Returns false when the connection says there is no next page.
 */
async function loadNext(environment: Environment, fragment: ReaderFragment, ref: unknown, count: number): Promise<boolean> {
  const selector = getSelector(fragment, ref) as SingularReaderSelector;
  const data = environment.lookup(selector).data as Record<string, any>;
  const { connectionPathInFragmentData, paginationRequest, paginationMetadata } = getPaginationMetadata(fragment, "relay.test");
  const { identifierInfo } = getRefetchMetadata(fragment, "relay.test");
  const { PAGE_INFO, END_CURSOR, HAS_NEXT_PAGE } = ConnectionInterface.get();
  const pageInfo = getValueAtPath(data, connectionPathInFragmentData)[PAGE_INFO];
  if (!pageInfo[HAS_NEXT_PAGE]) return false;
  const variables = getPaginationVariables("forward", count, pageInfo[END_CURSOR], selector.variables, {}, paginationMetadata);
  if (identifierInfo) variables[identifierInfo.identifierQueryVariableName] = data[identifierInfo.identifierField];
  environment.retain(createOperationDescriptor(paginationRequest, variables));
  await fetchQuery(environment, paginationRequest, variables, { fetchPolicy: "network-only" }).toPromise();
  return true;
}

/** Pages through the fragment's connection to its end (bounded, so a connection that never ends fails instead of hanging). */
async function loadAll(environment: Environment, fragment: ReaderFragment, ref: unknown, count: number) {
  for (let pages = 0; pages < 50; pages++) if (!(await loadNext(environment, fragment, ref, count))) return;
  throw new Error("the connection still had a next page after 50 pages");
}

/** Every answer was admitted whole: data, no errors, 200, and a cost within the limit. */
function expectAdmitted(sent: Sent[]) {
  for (const { name, status, body } of sent) {
    expect(body.errors, name).toBeUndefined();
    expect(status, name).toBe(200);
    const cost = body.extensions?.cost;
    expect(cost?.requestedQueryCost, name).toBeGreaterThan(0);
    expect(cost.requestedQueryCost, name).toBeLessThanOrEqual(cost.maximumQueryCost);
  }
}

let server: TestServer;
// relay-runtime reports what it cannot normalize (a field missing from a payload, a bad
// connection) as console.error warnings, not exceptions: any of them fails the test.
const consoleError = vi.spyOn(console, "error");
beforeAll(async () => {
  server = await startServer();
});
beforeEach(() => {
  consoleError.mockClear();
});
afterAll(async () => {
  consoleError.mockRestore();
  await server?.close();
});

describe("Relay: a refetchable fragment on Country with a @connection", () => {
  it("walks Country.visitsMade page by page through node(id:) and collects the same visits as one big page", async () => {
    const big = await server.gql(
      `{ country(code: "IR") { id visitsMade(first: 100) { totalCount nodes { __typename id city status hostCountry { name } date { iso } } } } }`,
    );
    const all = big.data!.country.visitsMade;
    // A walk of pages of 2 takes at least two more requests.
    expect(all.totalCount).toBeGreaterThan(4);

    const { environment, sent } = relayEnvironment(server);
    const response = await load<CountryVisitsQueryType>(environment, CountryVisitsQuery, { code: "IR", count: 2 });
    const ref = response.country!;
    const first = readFragment<CountryVisits_country$data>(environment, CountryVisitsFragment, ref);
    expect(first.name).toBe("Iran");
    expect(first.code).toBe("IR");
    expect(first.id).toBe(big.data!.country.id);
    expect(first.visitsMade.totalCount).toBe(all.totalCount);
    expect(first.visitsMade.edges.map((e) => e.node.id)).toEqual(all.nodes.slice(0, 2).map((n: { id: string }) => n.id));

    await loadAll(environment, CountryVisitsFragment, ref, 2);

    const walked = readFragment<CountryVisits_country$data>(environment, CountryVisitsFragment, ref);
    expect(walked.visitsMade.edges.map((e) => e.node)).toEqual(all.nodes);
    expect(sent.map((s) => s.name)).toEqual([
      "CountryVisitsQuery",
      ...Array(Math.ceil(all.totalCount / 2) - 1).fill("CountryVisitsPaginationQuery"),
    ]);
    for (const page of sent.slice(1)) {
      expect(page.text).toContain("node(id: $id)");
      expect(page.variables).toMatchObject({ id: first.id, count: 2 });
      expect(page.variables.cursor).toEqual(expect.any(String));
    }
    expectAdmitted(sent);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("refetches the fragment for another country with the @refetchable query through node(id:)", async () => {
    const ve = await server.gql(
      `{ country(code: "VE") { id name visitsMade(first: 100) { totalCount nodes { __typename id city status hostCountry { name } date { iso } } } } }`,
    );
    const { environment, sent } = relayEnvironment(server);
    // What useRefetchableFragment's refetch({ id }) sends: the generated query, with the fragment's defaults.
    const response = await load<CountryVisitsPaginationQueryType>(environment, CountryVisitsPaginationQuery, {
      id: ve.data!.country.id,
      count: 100,
    });
    const refetched = readFragment<CountryVisits_country$data>(environment, CountryVisitsFragment, response.node);
    expect(refetched.name).toBe("Venezuela");
    expect(refetched.code).toBe("VE");
    expect(refetched.visitsMade.totalCount).toBe(ve.data!.country.visitsMade.totalCount);
    expect(refetched.visitsMade.edges.map((e) => e.node)).toEqual(ve.data!.country.visitsMade.nodes);
    expect(sent.map((s) => [s.name, s.body.data.node.__typename])).toEqual([["CountryVisitsPaginationQuery", "Country"]]);

    // The Node ID of something that is not a Country: node(id:) answers it, the fragment does not apply.
    const visitId = (await server.gql(`{ visits(first: 1) { nodes { id } } }`)).data!.visits.nodes[0].id;
    await load<CountryVisitsPaginationQueryType>(environment, CountryVisitsPaginationQuery, { id: visitId, count: 1 });
    expect(sent[1].body.data.node).toEqual({ __typename: "Visit", id: visitId });
    expectAdmitted(sent);
    expect(consoleError).not.toHaveBeenCalled();
  });
});

describe("Relay: a refetchable fragment on Query with the root visits @connection", () => {
  it("keeps one connection per order and walks each to the same visits as one big page", async () => {
    const bigPage = async (direction: "ASC" | "DESC") =>
      (
        await server.gql(
          `{ visits(first: 100, orderBy: { field: DATE, direction: ${direction} }) { nodes { __typename id visitor { name } hostCountry { name } date { iso } } } }`,
        )
      ).data!.visits.nodes;
    const asc = await bigPage("ASC");
    const desc = await bigPage("DESC");
    expect(asc.length).toBeGreaterThan(6);
    expect(desc).not.toEqual(asc);

    const { environment, sent } = relayEnvironment(server);
    const refs: Record<string, VisitListQueryType["response"]> = {};
    for (const direction of ["DESC", "ASC"] as const) {
      refs[direction] = await load<VisitListQueryType>(environment, VisitListQuery, { direction, count: 3 });
      await loadAll(environment, VisitListFragment, refs[direction], 3);
    }
    // Read after both walks: the ASC walk did not overwrite the DESC connection.
    for (const [direction, expected] of [
      ["DESC", desc],
      ["ASC", asc],
    ] as const) {
      const list = readFragment<VisitList_query$data>(environment, VisitListFragment, refs[direction]);
      expect(list.visits.totalCount, direction).toBe(expected.length);
      expect(
        list.visits.edges.map((e) => e.node),
        direction,
      ).toEqual(expected);
    }

    const pages = Math.ceil(asc.length / 3);
    expect(sent.map((s) => s.name)).toEqual(
      ["DESC", "ASC"].flatMap(() => ["VisitListQuery", ...Array(pages - 1).fill("VisitListPaginationQuery")]),
    );
    expect(sent.filter((s) => s.name === "VisitListPaginationQuery").every((s) => !s.text.includes("node("))).toBe(true);
    expectAdmitted(sent);
    expect(consoleError).not.toHaveBeenCalled();
  });
});
