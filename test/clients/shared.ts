/**
 * What the client tests share: the README's examples with the facts each
 * answer must hold, the answers a plain POST gets (what each client's result
 * is compared with), and the paged walk's page size.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { expect } from "vitest";
import {
  IranVenezuelaPactDocument,
  NestedFactsDocument,
  SaidAndStatedDocument,
  VenezuelaSanctionsDocument,
  type VisitsPageQuery,
  VisitsPageDocument,
  WhoVisitedWhomDocument,
} from "../__generated__/graphql";
import type { TestServer } from "../helpers";

export interface Example {
  name: string;
  document: TypedDocumentNode<any, any>;
  variables: Record<string, unknown>;
  /** Asserts the facts the README states of this example's answer. */
  check(data: any): void;
}

function example<R, V extends Record<string, unknown>>(
  name: string,
  document: TypedDocumentNode<R, V>,
  variables: V,
  check: (data: R) => void,
): Example {
  return { name, document, variables, check: check as (data: any) => void };
}

/** Every query of schema/examples/, with the variables the README runs it with. */
export const EXAMPLES: Example[] = [
  example("WhoVisitedWhom", WhoVisitedWhomDocument, {}, (data) => {
    expect(data.visits.nodes.map((v) => [v.visitor?.name ?? v.delegation, v.hostCountry.name, v.date.iso, v.status])).toEqual([
      ["Mahmoud Ahmadinejad", "Nicaragua", "2007", "COMPLETED"],
      ["Hassan Rouhani", "Cuba", "2016-09", "COMPLETED"],
      ["Hassan Rouhani", "Venezuela", "2016-09", "COMPLETED"],
      ["U.S. delegates", "Venezuela", "2022", "COMPLETED"],
      ["Nicolas Maduro", "Iran", "2022-06", "COMPLETED"],
      ["Hossein Amir-Abdollahian", "Venezuela", "2023-02", "COMPLETED"],
      ["Ebrahim Raisi", "Venezuela", "2023-06-12", "IN_PROGRESS"],
      ["Ebrahim Raisi", "Cuba", "2023-06-12", "PLANNED"],
      ["Ebrahim Raisi", "Nicaragua", "2023-06-12", "PLANNED"],
    ]);
    expect(data.visits.totalCount).toBe(9);
    expect(data.visits.nodes.at(-1)!.date).toMatchObject({ qualifier: "NOT_BEFORE", asWritten: null });
  }),
  example("VenezuelaSanctions", VenezuelaSanctionsDocument, { code: "VE" }, (data) => {
    const [sanction, ...others] = data.country!.sanctionsReceived.nodes;
    expect(others).toEqual([]);
    expect(sanction!.imposer.name).toBe("United States");
    expect(sanction!.imposer.aliases).toContain("U.S.");
    expect(sanction!.licenses).toMatchObject([
      {
        licensee: { name: "Chevron" },
        term: { amount: 6, unit: "MONTH", asWritten: "six-month" },
        scope: "To operate in Venezuela.",
        granted: { iso: "2022-11", qualifier: "NOT_BEFORE" },
        citations: [{ sentence: 8 }],
      },
    ]);
  }),
  example("IranVenezuelaPact", IranVenezuelaPactDocument, {}, (data) => {
    expect(data.agreements.nodes).toMatchObject([
      {
        name: "20-year pact",
        parties: [{ name: "Iran" }, { name: "Venezuela" }],
        signedBy: [{ name: "Nicolas Maduro" }],
        signed: { iso: "2022-06", precision: "MONTH" },
        term: { amount: 20, unit: "YEAR" },
        sectors: ["oil", "petrochemicals", "defense"],
      },
    ]);
  }),
  example("NestedFacts", NestedFactsDocument, { first: 10 }, (data) => {
    const raisi = data.countries.nodes.find((c) => c.code === "IR")!.leaders.nodes.find((l) => l.name === "Ebrahim Raisi")!;
    expect(raisi.visits.nodes.map((v) => [v.hostCountry.name, v.status])).toEqual([
      ["Venezuela", "IN_PROGRESS"],
      ["Cuba", "PLANNED"],
      ["Nicaragua", "PLANNED"],
    ]);
    expect(raisi.visits.nodes[0]!.hostCountry.sanctionsReceived.nodes).toEqual([
      { imposer: { name: "United States" }, licenses: [{ licensee: { name: "Chevron" } }] },
    ]);
  }),
  example("SaidAndStated", SaidAndStatedDocument, {}, (data) => {
    // Everything Raisi says is his, in his words of attribution, and carried by his statements.
    expect(data.said.totalCount).toBe(19);
    for (const claim of data.said.nodes) {
      expect(claim.assertion).toMatchObject({ voice: "PARTY", verb: "said" });
      expect(claim.assertion.statement?.quote).toBe("economic, political and scientific cooperation");
      expect(["INTENDED", "CLAIMED"]).toContain(claim.assertion.modality);
    }
    // What the article states itself: the meeting Raisi was due to have, later in the day, among them.
    expect(data.stated.nodes.every((c) => c.assertion.voice === "SOURCE")).toBe(true);
    expect(data.stated.nodes).toContainEqual(
      expect.objectContaining({
        claimedField: "MEETINGS",
        timeOfDay: "later in the day",
        entity: expect.objectContaining({ name: "Nicolas Maduro" }),
        assertion: expect.objectContaining({ modality: "PLANNED" }),
      }),
    );
    const cooperation = data.relationships.nodes.find((r) => r.kind === "COOPERATION")!;
    expect(cooperation.assertion).toMatchObject({
      voice: "PARTY",
      modality: "CLAIMED",
      verb: "told",
      assertedBy: { name: "Ebrahim Raisi" },
    });
  }),
];

/** The data a plain POST of the document gets, with no error. */
export async function reference<R>(
  server: TestServer,
  document: TypedDocumentNode<R, any>,
  variables: Record<string, unknown> = {},
): Promise<R> {
  const { data, errors, status } = await server.run(document, variables);
  expect({ status, errors }).toEqual({ status: 200, errors: undefined });
  return data!;
}

/** A copy without the `__typename` fields Apollo Client and urql add to every selection. */
export function withoutTypename<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutTypename) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "__typename")
      .map(([key, v]) => [key, withoutTypename(v)]),
  ) as T;
}

/** Visits a page in the paged walks: the nine visits take five pages. */
export const PAGE_SIZE = 2;

/** All visits in one page, as the paged walks must put them together. */
export async function onePage(server: TestServer): Promise<VisitsPageQuery["visits"]> {
  const { visits } = await reference(server, VisitsPageDocument, { first: 100 });
  expect(visits.edges).toHaveLength(9);
  expect(visits.pageInfo.hasNextPage).toBe(false);
  return visits;
}
