/** The example queries of the README and docs/examples.md, run as the typed documents GraphQL Code Generator makes from schema/examples/. */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse, print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  IranVenezuelaPactDocument,
  NestedFactsDocument,
  VenezuelaSanctionsDocument,
  WhoVisitedWhomDocument,
} from "../__generated__/graphql";
import { startServer, type TestServer } from "../helpers";
import { documentationPages } from "../../src/scripts/settings-tables";

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
      { imposer: { name: "United States" }, licenses: [{ licensee: { name: "Chevron" } }] },
    ]);
    const maduro = data!.countries.nodes.find((c) => c.code === "VE")!.leaders.nodes.find((l) => l.name === "Nicolas Maduro")!;
    expect(maduro.visits.nodes).toEqual([
      {
        date: { iso: "2022-06", precision: "MONTH", asWritten: "in June 2022" },
        status: "COMPLETED",
        hostCountry: { name: "Iran", sanctionsReceived: { nodes: [{ imposer: { name: "United States" }, licenses: [] }] } },
      },
    ]);
  });

  it("WhoVisitedWhom: every visit, earliest first, with the source's words for when", async () => {
    const { data, errors } = await server.run(WhoVisitedWhomDocument);
    expect(errors).toBeUndefined();
    const rows = data!.visits.nodes.map((v) => [
      v.visitor?.name ?? v.delegation,
      v.hostCountry.name,
      v.date.iso,
      v.date.asWritten,
      v.status,
    ]);
    expect(rows).toEqual([
      ["Mahmoud Ahmadinejad", "Nicaragua", "2007", "in 2007", "COMPLETED"],
      ["Hassan Rouhani", "Cuba", "2016-09", "in September 2016", "COMPLETED"],
      ["Hassan Rouhani", "Venezuela", "2016-09", "in September 2016", "COMPLETED"],
      ["U.S. delegates", "Venezuela", "2022", "Last year", "COMPLETED"],
      ["Nicolas Maduro", "Iran", "2022-06", "in June 2022", "COMPLETED"],
      ["Hossein Amir-Abdollahian", "Venezuela", "2023-02", "In February", "COMPLETED"],
      ["Ebrahim Raisi", "Venezuela", "2023-06-12", "on Monday", "IN_PROGRESS"],
      ["Ebrahim Raisi", "Cuba", "2023-06-12", null, "PLANNED"],
      ["Ebrahim Raisi", "Nicaragua", "2023-06-12", null, "PLANNED"],
    ]);
    expect(data!.visits.totalCount).toBe(rows.length);
    expect(data!.visits.nodes.every((v) => v.citedIn.nodes.length > 0)).toBe(true);
  });

  it("VenezuelaSanctions: U.S. sanctions, and Chevron's six-month license under them", async () => {
    const { data, errors } = await server.run(VenezuelaSanctionsDocument, {});
    expect(errors).toBeUndefined();
    const [sanction, ...others] = data!.country!.sanctionsReceived.nodes;
    expect(others).toEqual([]);
    expect(sanction!.imposer.name).toBe("United States");
    expect(sanction!.citedIn.nodes[0]!.sentence).toBe(1);
    expect(sanction!.licenses).toEqual([
      {
        licensee: { name: "Chevron" },
        term: { amount: 6, unit: "MONTH", asWritten: "six-month" },
        scope: "To operate in Venezuela.",
        granted: {
          iso: "2022-11",
          qualifier: "NOT_BEFORE",
          asWritten: "after talks resumed between his government and the opposition in November",
        },
        grantedAfter: { name: "talks between Maduro's government and the opposition" },
        citations: [expect.objectContaining({ sentence: 8 })],
      },
    ]);
  });

  it("IranVenezuelaPact: the 20-year pact signed in Iran in June 2022", async () => {
    const { data, errors } = await server.run(IranVenezuelaPactDocument);
    expect(errors).toBeUndefined();
    expect(data!.agreements.nodes).toEqual([
      {
        name: "20-year pact",
        parties: [{ name: "Iran" }, { name: "Venezuela" }],
        signedBy: [{ name: "Nicolas Maduro" }],
        signed: { iso: "2022-06", precision: "MONTH", asWritten: "in June 2022" },
        signedDuring: { hostCountry: { name: "Iran" } },
        term: { amount: 20, unit: "YEAR", asWritten: "20-year" },
        sectors: ["oil", "petrochemicals", "defense"],
        purpose: 'To open "major fronts" for cooperation in the oil, petrochemicals and defense sectors.',
        citedIn: { nodes: [expect.objectContaining({ sentence: 10 })] },
      },
    ]);
  });

  it("every GraphQL block of the README and docs/ runs without an error, and one standing for an example file asks what the file asks", async () => {
    const blocks = documentedBlocks("graphql");
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const root = path.resolve(__dirname, "..", "..");
    const files = readdirSync(path.join(root, "schema", "examples")).map((f) =>
      print(parse(readFileSync(path.join(root, "schema", "examples", f), "utf8"))),
    );
    for (const block of blocks) {
      const res = await server.gql(block);
      expect(res.errors, block.slice(0, 80)).toBeUndefined();
      const printed = print(parse(block));
      const name = /^(?:query|mutation) (\w+)/m.exec(block)?.[1];
      if (name)
        expect(
          files.filter((f) => f.includes(`query ${name}`)),
          name,
        ).toEqual([printed]);
    }
  });

  it("every block the docs show as refused (```graphql refused) is refused", async () => {
    const blocks = documentedBlocks("graphql refused");
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    for (const block of blocks) expect((await server.gql(block)).errors, block.slice(0, 80)).toBeDefined();
  });
});

/** The code blocks of the README and docs/ whose info string is exactly `info`. */
function documentedBlocks(info: string): string[] {
  const root = path.resolve(__dirname, "..", "..");
  const pages = documentationPages(root).map((page) => readFileSync(path.join(root, page), "utf8"));
  return pages.flatMap((page) => [...page.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === info).map((m) => m[2]!));
}
