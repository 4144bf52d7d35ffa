/**
 * People, not only leaders, over HTTP: the follow-up source (test/fixtures/follow-up/, added as
 * data alone) has a named adviser, given no nationality, assert a visit's purpose, and an unnamed
 * official say that Gil visited Iran without saying on whose behalf. Every leader is a person.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FOLLOW_UP, serveWith } from "../fixtures/second-source";
import { startServer, type TestServer, nodeId as id, dataOf as ask } from "../helpers";

const PERSON = `... on Person { __typename id name description roles { nodes { title country { name } affiliation { name } citations { quote } } } office { name } }`;

describe("with the follow-up of 13 June loaded", () => {
  const served = serveWith(FOLLOW_UP);

  it("the adviser's claim of the visit's purpose is asserted by a Person, with the name and role the source gives and no country", async () => {
    const { claims } = await ask(
      served(),
      `query ($subject: ID!) { claims(filter: { subject: $subject, claimedField: PURPOSE }) { nodes {
        text assertion { voice verb modality assertedBy { ${PERSON} } } } } }`,
      { subject: id("Visit", "raisi-venezuela-2023") },
    );
    const karimi = claims.nodes.find((claim: any) => claim.assertion.assertedBy?.__typename === "Person");
    expect(karimi).toEqual({
      text: "deepen trade ties",
      assertion: {
        voice: "PARTY",
        verb: "said",
        modality: "INTENDED",
        assertedBy: {
          __typename: "Person",
          id: id("Person", "hamid-karimi"),
          name: "Hamid Karimi",
          description: null,
          roles: {
            nodes: [
              {
                title: "adviser to the president",
                country: null,
                affiliation: null,
                citations: [{ quote: "Hamid Karimi, an adviser to the president" }],
              },
            ],
          },
          office: null,
        },
      },
    });
  });

  it("claims filter by the Person who asserts them", async () => {
    const { claims } = await ask(served(), `query ($by: ID!) { claims(filter: { assertedBy: $by }) { nodes { text } } }`, {
      by: id("Person", "hamid-karimi"),
    });
    expect(claims.nodes).toEqual([{ text: "deepen trade ties" }]);
  });

  it("the adviser's statement has the Person as its speaker, and the Person lists it", async () => {
    const { person } = await ask(
      served(),
      `query ($id: ID!) { person(id: $id) { statements(first: 5) { nodes { quote speaker { ... on Person { name } } } } } }`,
      { id: id("Person", "hamid-karimi") },
    );
    expect(person.statements.nodes).toEqual([
      { quote: "The visit to Caracas was meant to deepen trade ties", speaker: { name: "Hamid Karimi" } },
    ]);
  });

  it("search finds the adviser by name, as a Person", async () => {
    const { search } = await ask(served(), `{ search(query: "karimi") { __typename ... on Person { name } } }`);
    expect(search).toEqual([{ __typename: "Person", name: "Hamid Karimi" }]);
  });

  it("a visit whose source does not say on whose behalf loads, answers onBehalfOf: null, and is claimed by an unnamed official", async () => {
    const { visit } = await ask(
      served(),
      `query ($id: ID!) { visit(id: $id) { visitor { name } onBehalfOf { name } hostCountry { name } date { iso asWritten }
        assertion { verb modality assertedBy { ${PERSON} } } } }`,
      { id: id("Visit", "gil-iran-2023") },
    );
    expect(visit).toEqual({
      visitor: { name: "Yvan Gil" },
      onBehalfOf: null,
      hostCountry: { name: "Iran" },
      date: { iso: "2023-03", asWritten: "in March" },
      assertion: {
        verb: "said",
        modality: "CLAIMED",
        assertedBy: {
          __typename: "Person",
          id: id("Person", "gil-iran-visit-official"),
          name: null,
          description: "a ministry official",
          roles: { nodes: [] },
          office: null,
        },
      },
    });
  });

  it("a person who holds no office visits: visitingPerson is the Person, visitor (a Leader) is null, and the Person lists the visit", async () => {
    const karimi = id("Person", "hamid-karimi");
    const { visit, person, visits } = await ask(
      served(),
      `query ($id: ID!, $person: ID!) {
        visit(id: $id) { visitor { name } visitingPerson { name office { name } } onBehalfOf { name } hostCountry { name } }
        person(id: $person) { visits(first: 5) { nodes { id } } }
        visits(filter: { visitor: $person }) { nodes { id } }
      }`,
      { id: id("Visit", "karimi-nicaragua-2023"), person: karimi },
    );
    expect(visit).toEqual({
      visitor: null,
      visitingPerson: { name: "Hamid Karimi", office: null },
      onBehalfOf: null,
      hostCountry: { name: "Nicaragua" },
    });
    expect(person.visits.nodes).toEqual([{ id: id("Visit", "karimi-nicaragua-2023") }]);
    expect(visits.nodes).toEqual([{ id: id("Visit", "karimi-nicaragua-2023") }]);
  });

  it("a leader's visits are the visits of the person holding the office, by either Node ID", async () => {
    const { byLeader, byPerson, leader } = await ask(
      served(),
      `{ byLeader: visits(filter: { visitor: "${id("Leader", "yvan-gil")}" }) { nodes { id } }
         byPerson: visits(filter: { visitor: "${id("Person", "yvan-gil")}" }) { nodes { id } }
         leader(id: "${id("Leader", "yvan-gil")}") { visits { nodes { id visitingPerson { office { name } } } } } }`,
    );
    expect(byLeader.nodes).toEqual([{ id: id("Visit", "gil-iran-2023") }]);
    expect(byPerson).toEqual(byLeader);
    expect(leader.visits.nodes).toEqual([{ id: id("Visit", "gil-iran-2023"), visitingPerson: { office: { name: "Yvan Gil" } } }]);
  });

  it("the deprecated visitingCountry of that visit is an error naming the field, as its deprecation says", async () => {
    const res = await served().gql(`query ($id: ID!) { visit(id: $id) { visitingCountry { name } } }`, {
      id: id("Visit", "gil-iran-2023"),
    });
    expect(res.errors?.[0]?.path).toEqual(["visit", "visitingCountry"]);
  });

  it("Gil's office is reported by both sources, each as of its day; current answers the latest", async () => {
    const { leader } = await ask(
      served(),
      `query ($id: ID!) { leader(id: $id) { current currentReports(first: 5) { totalCount nodes { current reportedOn { iso } source { id } citations { quote } } } } }`,
      { id: id("Leader", "yvan-gil") },
    );
    expect(leader).toEqual({
      current: true,
      currentReports: {
        totalCount: 2,
        nodes: [
          {
            current: true,
            reportedOn: { iso: "2023-06-12" },
            source: { id: id("Source", "raisi-venezuela-2023") },
            citations: [{ quote: "welcomed in Caracas by Foreign Minister Yvan Gil" }],
          },
          {
            current: true,
            reportedOn: { iso: "2023-06-13" },
            source: { id: id("Source", "raisi-tour-follow-up-2023") },
            citations: [{ quote: "Foreign Minister Yvan Gil" }],
          },
        ],
      },
    });
  });
});

describe("with the first article alone", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it("Raisi the leader is a person holding an office: his role is the office, with the leader's citations, and the person's office is the leader", async () => {
    const { leader } = await ask(
      server,
      `query ($id: ID!) { leader(id: $id) { name role citations { quote } person { ${PERSON} citations { quote } } } }`,
      { id: id("Leader", "ebrahim-raisi") },
    );
    expect(leader.person).toEqual({
      __typename: "Person",
      id: id("Person", "ebrahim-raisi"),
      name: leader.name,
      description: null,
      roles: { nodes: [{ title: leader.role, country: { name: "Iran" }, affiliation: null, citations: leader.citations }] },
      office: { name: leader.name },
      citations: leader.citations,
    });
    expect(leader.role).toBe("President");
  });

  it("search finds a leader once, as the Leader, not again as the person", async () => {
    const { search } = await ask(server, `{ search(query: "ebrahim") { __typename } }`);
    expect(search).toEqual([{ __typename: "Leader" }]);
  });

  it("_entities resolves a Person by its Node ID", async () => {
    const { _entities } = await ask(
      server,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { name office { role } } } }`,
      { r: [{ __typename: "Person", id: id("Person", "nicolas-maduro") }] },
    );
    expect(_entities).toEqual([{ name: "Nicolas Maduro", office: { role: "President" } }]);
  });
});
