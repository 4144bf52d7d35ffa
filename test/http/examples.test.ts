/** The README's example queries, run as the typed documents GraphQL Code Generator makes from schema/examples/. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NestedFactsDocument, VenezuelaVisitsDocument } from "../__generated__/graphql";
import { startServer, type TestServer } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe("README examples", () => {
  it("NestedFacts: countries -> leaders -> visits -> host -> sanctions", async () => {
    const { data, errors } = await server.run(NestedFactsDocument, { first: 10 });
    expect(errors).toBeUndefined();
    const iran = data!.countries.nodes.find((c) => c.code === "IR")!;
    const raisi = iran.leaders.nodes.find((l) => l.name === "Ebrahim Raisi")!;
    expect(raisi.visits.nodes.map((v) => [v.hostCountry.name, v.status])).toEqual([
      ["Venezuela", "IN_PROGRESS"],
      ["Cuba", "PLANNED"],
      ["Nicaragua", "PLANNED"],
    ]);
    const venezuela = raisi.visits.nodes[0]!.hostCountry;
    expect(venezuela.sanctionsReceived.nodes).toEqual([
      { imposer: { name: "United States" }, licenses: [{ licensee: { name: "Chevron" }, duration: "six-month" }] },
    ]);
    const maduro = data!.countries.nodes.find((c) => c.code === "VE")!.leaders.nodes.find((l) => l.name === "Nicolas Maduro")!;
    expect(maduro.visits.nodes).toEqual([
      { date: { iso: "2022-06", precision: "MONTH", asWritten: "in June 2022" }, status: "COMPLETED", hostCountry: { name: "Iran", sanctionsReceived: { nodes: [] } } },
    ]);
  });

  it("VenezuelaVisits: who visited Venezuela, with the sentences that say so", async () => {
    const { data, errors } = await server.run(VenezuelaVisitsDocument);
    expect(errors).toBeUndefined();
    const visits = data!.country!.visitsHosted;
    expect(visits.totalCount).toBe(4);
    const raisi = visits.nodes.find((v) => v.visitor?.name === "Ebrahim Raisi")!;
    expect(raisi).toMatchObject({ status: "IN_PROGRESS", date: { iso: "2023-06-12", asWritten: "on Monday" } });
    for (const c of raisi.citations) expect(c.quote.length).toBeGreaterThan(0);
  });
});
