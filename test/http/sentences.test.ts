/**
 * One test per sentence of the article: the API answers what the sentence
 * states, and cites that sentence with words that are verbatim in it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer, nodeId as id, dataOf } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const CITES = `citations { sentence quote sentenceText }`;

const ask = (query: string, variables?: Record<string, unknown>) => dataOf(server, query, variables);

/** The fact cites sentence `n`, with a quote that is verbatim in it and contains `words`. */
function expectCites(fact: { citations: { sentence: number; quote: string; sentenceText: string }[] }, n: number, words: string): void {
  const citation = fact.citations.find((c) => c.sentence === n && c.quote.includes(words));
  expect(citation, `a citation of sentence ${n} with ${JSON.stringify(words)}`).toBeDefined();
  expect(citation!.sentenceText).toContain(citation!.quote);
}

describe("the article, sentence by sentence", () => {
  it("1: Raisi arrived in Venezuela on Monday, starting a tour that includes Cuba and Nicaragua, all under US sanctions", async () => {
    const data = await ask(`{
      tours { nodes { name start { iso precision asWritten } traveler { name } ${CITES}
        stops { nodes { hostCountry { name } status date { iso qualifier } } } } }
      sanctions(filter: { imposer: "${id("Country", "united-states")}" }) { nodes { target { name } ${CITES} } }
      relationships(filter: { kind: ADVERSARY }) { nodes { counterpart { name } countries { name } ${CITES} } }
    }`);
    const [tour] = data.tours.nodes;
    expect(tour.traveler.name).toBe("Ebrahim Raisi");
    expect(tour.start).toEqual({ iso: "2023-06-12", precision: "DAY", asWritten: "on Monday" });
    expect(tour.stops.nodes).toEqual([
      { hostCountry: { name: "Venezuela" }, status: "IN_PROGRESS", date: { iso: "2023-06-12", qualifier: "EXACT" } },
      { hostCountry: { name: "Cuba" }, status: "PLANNED", date: { iso: "2023-06-12", qualifier: "NOT_BEFORE" } },
      { hostCountry: { name: "Nicaragua" }, status: "PLANNED", date: { iso: "2023-06-12", qualifier: "NOT_BEFORE" } },
    ]);
    expectCites(tour, 1, "arrived in Venezuela on Monday");
    expect(data.sanctions.nodes.map((s: any) => s.target.name)).toEqual(["Venezuela", "Cuba", "Nicaragua", "Iran"]);
    for (const s of data.sanctions.nodes) expectCites(s, 1, "all under sanctions from a common adversary, the United States");
    const [adversary] = data.relationships.nodes;
    expect(adversary.counterpart.name).toBe("United States");
    expect(adversary.countries.map((c: any) => c.name)).toEqual(["Iran", "Venezuela", "Cuba", "Nicaragua"]);
    expectCites(adversary, 1, "common adversary");
    // One reading of the sentence: every country it puts under US sanctions has them as a sanction too.
    const sanctioned = new Set(data.sanctions.nodes.map((s: any) => s.target.name));
    for (const country of adversary.countries) expect(sanctioned, country.name).toContain(country.name);
  });

  it("2: Foreign Minister Yvan Gil welcomed him in Caracas; he was due to meet President Maduro later in the day", async () => {
    const data = await ask(
      `{ visits(filter: { status: IN_PROGRESS }) { nodes { city receivedBy { name role country { name } current }
        claims(orderBy: { field: DATE, direction: ASC }) { nodes { field entity { ... on Leader { name role } } timeOfDay assertion { voice modality } } } ${CITES} } } }`,
    );
    const [visit] = data.visits.nodes;
    expect(visit.city).toBe("Caracas");
    expect(visit.receivedBy).toEqual([{ name: "Yvan Gil", role: "Foreign Minister", country: { name: "Venezuela" }, current: true }]);
    // Due to meet, not met: a planned meeting, in the article's own voice.
    expect(visit.claims.nodes.filter((c: any) => c.field === "meetings")).toEqual([
      {
        field: "meetings",
        entity: { name: "Nicolas Maduro", role: "President" },
        timeOfDay: "later in the day",
        assertion: { voice: "SOURCE", modality: "PLANNED" },
      },
    ]);
    expectCites(visit, 2, "welcomed in Caracas by Foreign Minister Yvan Gil");
  });

  it("3: before departing Tehran he said the visit answered the presidents' invitation and aimed at cooperation", async () => {
    const data = await ask(`{
      visits(filter: { visitor: "${id("Leader", "ebrahim-raisi")}" }) { nodes { hostCountry { name } departedFrom
        claims { nodes { field text entity { ... on Country { name } } assertion { modality verb } } } ${CITES} } }
      statements { nodes { speaker { ... on Leader { name } } place date { iso qualifier asWritten } quote aboutTour { name } ${CITES} } }
    }`);
    // Only the tour's first leg leaves from Tehran; the source does not say where the later legs start.
    expect(data.visits.nodes.map((v: any) => [v.hostCountry.name, v.departedFrom])).toEqual([
      ["Venezuela", "Tehran"],
      ["Cuba", null],
      ["Nicaragua", null],
    ]);
    // What he said is his: the invitation his account, the cooperation his aim.
    for (const visit of data.visits.nodes) {
      const said = (field: string) => visit.claims.nodes.filter((c: any) => c.field === field && c.assertion.verb === "said");
      expect(said("invitedBy")).toEqual([
        { field: "invitedBy", text: null, entity: visit.hostCountry, assertion: { modality: "CLAIMED", verb: "said" } },
      ]);
      expect(said("topics").map((c: any) => [c.text, c.assertion.modality])).toEqual([
        ["economic cooperation", "INTENDED"],
        ["political cooperation", "INTENDED"],
        ["scientific cooperation", "INTENDED"],
      ]);
      expectCites(visit, 3, "at the invitation of the presidents");
    }
    const said = data.statements.nodes.find((s: any) => s.place === "Tehran");
    expect(said).toMatchObject({
      speaker: { name: "Ebrahim Raisi" },
      date: { iso: "2023-06-12", qualifier: "NOT_AFTER", asWritten: "Before departing Tehran" },
    });
    expect(said.aboutTour.name).toContain("friendly countries");
    expectCites(said, 3, "Before departing Tehran");
  });

  it("4: the four countries are allies of Russia, a pariah since its invasion of Ukraine last year", async () => {
    const data = await ask(`{
      relationships(filter: { kind: ALLIANCE }) { nodes { counterpart { name } countries { code } ${CITES} } }
      country(code: "RU") { characterizations { text since { iso precision asWritten } ${CITES} } }
      events(filter: { kind: WAR }) { nodes { name aliases date { iso precision asWritten } countries { name } ${CITES} } }
    }`);
    const [alliance] = data.relationships.nodes;
    expect(alliance.counterpart.name).toBe("Russia");
    expect(alliance.countries.map((c: any) => c.code)).toEqual(["IR", "VE", "CU", "NI"]);
    expectCites(alliance, 4, "allies of Russia");
    const [pariah] = data.country.characterizations;
    expect(pariah).toMatchObject({ text: "an international pariah", since: { iso: "2022", precision: "YEAR" } });
    expectCites(pariah, 4, "an international pariah");
    const [war] = data.events.nodes;
    expect(war).toMatchObject({
      date: { iso: "2022", precision: "YEAR", asWritten: "last year" },
      countries: [{ name: "Russia" }, { name: "Ukraine" }],
    });
    expectCites(war, 4, "invasion of Ukraine last year");
  });

  it("5: Raisi told Irna cooperation developed over the last two years in five domains", async () => {
    const data = await ask(`{
      relationships(filter: { kind: COOPERATION }) { nodes { counterpart { name } countries { name } sectors
        period { asWritten start { iso precision qualifier } end { iso } duration { amount unit asWritten } } ${CITES} } }
      organization(id: "${id("Organization", "irna")}") { name kind statementsHeard { nodes { speaker { ... on Leader { name } } quote } } }
    }`);
    const [cooperation] = data.relationships.nodes;
    expect(cooperation.counterpart.name).toBe("Iran");
    expect(cooperation.sectors).toEqual(["industry", "agriculture", "science", "technology", "medicine"]);
    expect(cooperation.period).toEqual({
      asWritten: "Over the last two years",
      // "Over the last two years" is vague: a year, approximately, not a month worked out from the dateline.
      start: { iso: "2021", precision: "YEAR", qualifier: "APPROXIMATE" },
      end: { iso: "2023-06-12" },
      duration: { amount: 2, unit: "YEAR", asWritten: "two years" },
    });
    expectCites(cooperation, 5, "Over the last two years");
    expect(data.organization.kind).toBe("NEWS_AGENCY");
    expect(data.organization.statementsHeard.nodes).toEqual([
      { speaker: { name: "Ebrahim Raisi" }, quote: expect.stringContaining("our cooperation with these countries has developed") },
    ]);
  });

  it("6: Iran and Venezuela are OPEC members; OPEC is central to talks on the energy crisis the war sparked", async () => {
    const data = await ask(`{
      organizations { nodes { name members { nodes { code } } characterizations { text } ${CITES} } }
      events(filter: { kind: CRISIS }) { nodes { name causes { name } ${CITES} } }
    }`);
    const opec = data.organizations.nodes.find((o: any) => o.name === "OPEC");
    expect(opec.members.nodes).toEqual([{ code: "IR" }, { code: "VE" }]);
    expect(opec.characterizations.map((c: any) => c.text)).toContain("oil cartel");
    expectCites(opec, 6, "members of the OPEC oil cartel");
    const energy = data.events.nodes.find((e: any) => e.name === "the energy crisis");
    expect(energy.causes).toEqual([{ name: "Russia's war on Ukraine" }]);
    expectCites(energy, 6, "energy crisis sparked by Russia's war on Ukraine");
  });

  it("7: the war led to more global efforts to solve Venezuela's political and economic crisis", async () => {
    const data = await ask(
      `{ events { nodes { name kind countries { code } causes { name } increasedBy { name } consequences { nodes { name } } increased { nodes { name } } ${CITES} } } }`,
    );
    // The war increased the efforts; the source does not say it caused them.
    const war = data.events.nodes.find((e: any) => e.kind === "WAR");
    expect(war.increased.nodes.map((e: any) => e.name)).toEqual(["global efforts to solve Venezuela's political and economic crisis"]);
    expect(war.consequences.nodes.map((e: any) => e.name)).not.toContain(
      "global efforts to solve Venezuela's political and economic crisis",
    );
    const efforts = data.events.nodes.find((e: any) => e.kind === "DIPLOMATIC_EFFORT");
    expect(efforts).toMatchObject({ countries: [{ code: "VE" }], causes: [], increasedBy: [{ name: "Russia's war on Ukraine" }] });
    expectCites(efforts, 7, "The war has led to an increase in global efforts");
    const crisis = data.events.nodes.find((e: any) => e.name === "Venezuela's political and economic crisis");
    expectCites(crisis, 7, "political and economic crisis");
  });

  it("8: last year the U.S. sent delegates to Caracas to meet Maduro; after talks resumed in November, Chevron got a six-month license", async () => {
    const data = await ask(`{
      visits(filter: { visitingCountry: "${id("Country", "united-states")}" }) { nodes { visitor { name } delegation city
        claims { nodes { field entity { ... on Leader { name } } assertion { modality } } } date { iso precision asWritten } status ${CITES} } }
      sanctions(filter: { target: "${id("Country", "venezuela")}" }) { nodes { licenses {
        licensee { name country { name } } duration durationMonths term { amount unit asWritten } scope
        granted { iso precision qualifier } grantedAfter { name kind date { iso precision asWritten } } ${CITES} } } }
    }`);
    const [delegates] = data.visits.nodes;
    expect(delegates).toMatchObject({
      visitor: null,
      delegation: "U.S. delegates",
      city: "Caracas",
      // Sent to meet him: the source states the purpose, not that they met.
      claims: {
        nodes: expect.arrayContaining([{ field: "meetings", entity: { name: "Nicolas Maduro" }, assertion: { modality: "INTENDED" } }]),
      },
      date: { iso: "2022", precision: "YEAR", asWritten: "Last year" },
      status: "COMPLETED",
    });
    expectCites(delegates, 8, "the U.S. sent delegates to Caracas to meet Maduro");
    const [license] = data.sanctions.nodes[0].licenses;
    expect(license).toMatchObject({
      licensee: { name: "Chevron", country: { name: "United States" } },
      duration: "six-month",
      durationMonths: 6,
      term: { amount: 6, unit: "MONTH", asWritten: "six-month" },
      scope: "To operate in Venezuela.",
      granted: { iso: "2022-11", precision: "MONTH", qualifier: "NOT_BEFORE" },
      grantedAfter: { kind: "TALKS", date: { iso: "2022-11", precision: "MONTH", asWritten: "in November" } },
    });
    expectCites(license, 8, "Washington granted a six-month license to U.S. energy giant Chevron");
  });

  it("9: Venezuela, the South American country, has the world's largest oil reserves", async () => {
    const data = await ask(
      `{ country(code: "VE") { region aliases mentions { text kind ${CITES} } characterizations { text ${CITES} } } }`,
    );
    expect(data.country.region).toBe("South America");
    // "The South American country" refers to Venezuela without being a name of it.
    expect(data.country.aliases).toEqual([]);
    expect(data.country.mentions).toMatchObject([{ text: "The South American country", kind: "DESCRIPTION" }]);
    expectCites(data.country.mentions[0], 9, "The South American country");
    const reserves = data.country.characterizations.find((c: any) => c.text.includes("oil reserves"));
    expectCites(reserves, 9, "the world's largest oil reserves");
  });

  it("10: Maduro visited Iran in June 2022, signing a 20-year pact on oil, petrochemicals and defense", async () => {
    const data =
      await ask(`{ agreements { nodes { name parties { code } signedBy { name } signed { iso precision } term { amount unit asWritten }
      sectors purpose signedDuring { visitor { name } hostCountry { name } date { iso } } ${CITES} } } }`);
    const [pact] = data.agreements.nodes;
    expect(pact).toMatchObject({
      name: "20-year pact",
      parties: [{ code: "IR" }, { code: "VE" }],
      signedBy: [{ name: "Nicolas Maduro" }],
      signed: { iso: "2022-06", precision: "MONTH" },
      term: { amount: 20, unit: "YEAR", asWritten: "20-year" },
      sectors: ["oil", "petrochemicals", "defense"],
      signedDuring: { visitor: { name: "Nicolas Maduro" }, hostCountry: { name: "Iran" }, date: { iso: "2022-06" } },
    });
    expectCites(pact, 10, "signing a 20-year pact");
  });

  it("11: in February Amir-Abdollahian visited Caracas and discussed national interests with Maduro, according to Tehran", async () => {
    const data = await ask(`{ visits(filter: { visitor: "${id("Leader", "hossein-amir-abdollahian")}" }) { nodes {
      visitor { name role country { name } } city date { iso precision asWritten }
      claims { nodes { field text entity { ... on Leader { name } } assertion { modality verb assertedBy { ... on Country { name } } } } }
      statements { nodes { speaker { __typename ... on Country { name } } quote } } ${CITES} } } }`);
    const [visit] = data.visits.nodes;
    expect(visit).toMatchObject({
      visitor: { name: "Hossein Amir-Abdollahian", role: "Foreign Minister", country: { name: "Iran" } },
      city: "Caracas",
      date: { iso: "2023-02", precision: "MONTH", asWritten: "In February" },
    });
    // What was discussed, and with whom, is Tehran's account.
    const tehran = { modality: "CLAIMED", verb: "according to", assertedBy: { name: "Iran" } };
    expect(visit.claims.nodes).toEqual([
      { field: "topics", text: "defense of their national interests faced with external pressures", entity: null, assertion: tehran },
      { field: "meetings", text: null, entity: { name: "Nicolas Maduro" }, assertion: tehran },
    ]);
    expect(visit.statements.nodes).toEqual([
      { speaker: { __typename: "Country", name: "Iran" }, quote: expect.stringContaining("defense of their national interests") },
    ]);
    expectCites(visit, 11, "Amir-Abdollahian visited Caracas");
  });

  it("12: in 2020 Iran sent 1.5 million barrels of fuel to Venezuela, with supplies for its refineries", async () => {
    const data = await ask(
      `{ country(code: "IR") { shipmentsSent { nodes { recipient { name } date { iso precision asWritten } items { description quantity unit purpose } ${CITES} } } } }`,
    );
    const [shipment] = data.country.shipmentsSent.nodes;
    expect(shipment).toMatchObject({
      recipient: { name: "Venezuela" },
      date: { iso: "2020", precision: "YEAR", asWritten: "In 2020" },
      items: [
        { description: "fuel", quantity: 1500000, unit: "barrels", purpose: null },
        { description: "supplies", quantity: null, unit: null, purpose: "To help restart struggling refineries." },
      ],
    });
    expectCites(shipment, 12, "1.5 million barrels of fuel");
  });

  it("13: Washington has since accused Iran of circumventing sanctions", async () => {
    const data = await ask(
      `{ country(code: "US") { aliases mentions { text kind ${CITES} } accusationsMade { nodes { accused { name } charge date { iso qualifier asWritten } ${CITES} } } } }`,
    );
    expect(data.country.aliases).not.toContain("Washington");
    const [washington] = data.country.mentions;
    expect(washington).toMatchObject({ text: "Washington", kind: "METONYM" });
    expectCites(washington, 13, "Washington has since accused Iran");
    const [accusation] = data.country.accusationsMade.nodes;
    expect(accusation).toMatchObject({
      accused: { name: "Iran" },
      charge: "circumventing sanctions",
      date: { iso: "2020", qualifier: "NOT_BEFORE", asWritten: "since" },
    });
    expectCites(accusation, 13, "accused Iran of circumventing sanctions");
  });

  it("14: the last Iranian president to visit Cuba and Venezuela was Rouhani, in September 2016", async () => {
    const data = await ask(`{ leader(id: "${id("Leader", "hassan-rouhani")}") { name role current country { name }
      visits { nodes { hostCountry { name } date { iso precision } status characterizations { text } ${CITES} } } } }`);
    expect(data.leader).toMatchObject({ role: "President", current: false, country: { name: "Iran" } });
    expect(data.leader.visits.nodes.map((v: any) => [v.hostCountry.name, v.date.iso, v.date.precision, v.status])).toEqual([
      ["Cuba", "2016-09", "MONTH", "COMPLETED"],
      ["Venezuela", "2016-09", "MONTH", "COMPLETED"],
    ]);
    for (const visit of data.leader.visits.nodes) {
      expect(visit.characterizations[0].text).toMatch(/last visit by an Iranian president/);
      expectCites(visit, 14, "Hassan Rouhani in September 2016");
    }
  });

  it("15: Ahmadinejad made the last presidential visit to Nicaragua, in 2007", async () => {
    const data = await ask(
      `{ visits(filter: { hostCountry: "${id("Country", "nicaragua")}", status: COMPLETED }) { nodes { visitor { name current } date { iso precision } ${CITES} } } }`,
    );
    expect(data.visits.nodes).toHaveLength(1);
    const [visit] = data.visits.nodes;
    expect(visit).toMatchObject({ visitor: { name: "Mahmoud Ahmadinejad", current: false }, date: { iso: "2007", precision: "YEAR" } });
    expectCites(visit, 15, "last presidential visit to Nicaragua in 2007");
  });
});
