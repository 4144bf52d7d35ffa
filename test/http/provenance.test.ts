/**
 * Provenance over the whole graph, discovered from the live schema: every
 * type that implements `Cited` is listed through its root connection, and
 * every citation anywhere in it (its own and those of nested values such as
 * licenses and characterisations) must quote its sentence verbatim; every one says who asserts it
 * and its modality, and no field holds a party's claim or a plan without them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface IntrospectedType {
  name: string;
  kind: string;
  interfaces: { name: string }[] | null;
  fields: { name: string; type: TypeRef; args: { name: string }[] }[] | null;
}

const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
const CITATION = "citations { sentence quote elided sentenceText source { id } }";

async function introspect(): Promise<Map<string, IntrospectedType>> {
  const res = await server.gql(`{ __schema { types { name kind interfaces { name }
    fields { name args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }`);
  return new Map((res.data!.__schema.types as IntrospectedType[]).map((t) => [t.name, t]));
}

/** A selection of `citations` and of the citations of nested non-Node values (e.g. licenses, characterisations). */
function citationSelection(types: Map<string, IntrospectedType>, typeName: string): string {
  const type = types.get(typeName)!;
  const nested = (type.fields ?? [])
    .filter((f) => f.name !== "citations" && f.args.length === 0)
    .map((f) => ({ field: f.name, inner: types.get(named(f.type).name ?? "") }))
    .filter(
      ({ inner }) =>
        inner?.kind === "OBJECT" && !inner.interfaces?.some((i) => i.name === "Node") && inner.fields?.some((g) => g.name === "citations"),
    )
    .map(({ field }) => `${field} { ${CITATION} }`);
  return [CITATION, ...nested].join(" ");
}

describe("provenance", () => {
  it("every cited entity has a citation, and every citation anywhere quotes its sentence verbatim", async () => {
    const types = await introspect();
    const cited = [...types.values()]
      .filter((t) => t.kind === "OBJECT" && t.interfaces?.some((i) => i.name === "Cited"))
      .map((t) => t.name);
    expect(cited).toEqual(
      expect.arrayContaining([
        "Country",
        "Leader",
        "Visit",
        "Organization",
        "Sanction",
        "Tour",
        "Relationship",
        "Agreement",
        "Event",
        "Shipment",
        "Statement",
        "Accusation",
      ]),
    );

    const query = types.get("Query")!.fields!;
    let checked = 0;
    for (const typeName of cited) {
      const root = query.find((f) => named(f.type).name === `${typeName}Connection`);
      expect(root, `a root connection of ${typeName}`).toBeDefined();
      const res = await server.gql(`{ list: ${root!.name}(first: 40) { totalCount nodes { id ${citationSelection(types, typeName)} } } }`);
      expect(res.errors, typeName).toBeUndefined();
      const { totalCount, nodes } = res.data!.list;
      expect(nodes.length, `${typeName}: all on one page`).toBe(totalCount);
      expect(totalCount, `${typeName} has records`).toBeGreaterThan(0);
      for (const node of nodes) {
        expect(node.citations.length, `${typeName} ${node.id} has no citation`).toBeGreaterThan(0);
        const all = [
          node,
          ...Object.values(node).flatMap((v: any) => (Array.isArray(v) ? v : v && typeof v === "object" ? [v] : [])),
        ].flatMap((v: any) => v.citations ?? []);
        for (const c of all) {
          const where = `${typeName} ${node.id} sentence ${c.sentence}: ${JSON.stringify(c.quote)}`;
          expect(c.sentenceText, where).toContain(c.quote);
          // The sentence's own punctuation is not part of what it claims; an ellipsis says words are left out.
          expect(c.quote, where).not.toMatch(/(?:[,;:]|\p{Ll}\.)$/u);
          expect(c.elided, where).toBe(/\S\s*(?:\.\.\.|…)\s*\S/u.test(c.quote));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("every cited node says who asserts it: the source in its own voice, or a party, with its words and its statement", async () => {
    const types = await introspect();
    const cited = [...types.values()]
      .filter((t) => t.kind === "OBJECT" && t.interfaces?.some((i) => i.name === "Cited"))
      .map((t) => t.name);
    const query = types.get("Query")!.fields!;
    const party = "assertedBy { __typename ... on Node { id } }";
    const voices = new Map<string, number>();
    for (const typeName of cited) {
      const root = query.find((f) => named(f.type).name === `${typeName}Connection`)!;
      const res = await server.gql(`{ list: ${root.name}(first: 100) { nodes { id assertion { voice modality verb ${party}
        statement { speaker { __typename ... on Node { id } } } } } } }`);
      expect(res.errors, typeName).toBeUndefined();
      for (const { id, assertion: a } of res.data!.list.nodes) {
        const where = `${typeName} ${id}`;
        voices.set(a.voice, (voices.get(a.voice) ?? 0) + 1);
        if (a.voice === "SOURCE") {
          expect({ verb: a.verb, assertedBy: a.assertedBy, statement: a.statement }, where).toEqual({
            verb: null,
            assertedBy: null,
            statement: null,
          });
          expect(a.modality, where).not.toBe("CLAIMED");
        } else {
          expect(a.assertedBy, where).not.toBeNull();
          expect(a.verb, where).toMatch(/\S/);
          // The source does not state what a party claims, plans or intends as done.
          expect(["CLAIMED", "PLANNED", "INTENDED"], where).toContain(a.modality);
          if (a.statement) expect(a.statement.speaker, `${where}: the statement is the party's`).toEqual(a.assertedBy);
        }
      }
    }
    expect(voices.get("PARTY")).toBeGreaterThan(10);
    expect(voices.get("SOURCE")).toBeGreaterThan(40);
  });

  it("no field holds a party's claim or a plan without them: such fields are deprecated, and each of their values is a claim", async () => {
    const res = await server.gql(
      `{ __schema { types { name kind possibleTypes { name } fields(includeDeprecated: true) { name isDeprecated deprecationReason } } } }`,
    );
    const types = new Map<string, any>(res.data!.__schema.types.map((t: any) => [t.name, t]));
    const subjects = types.get("ClaimSubject").possibleTypes.map((t: any) => t.name) as string[];
    expect(subjects).toEqual(expect.arrayContaining(["Visit", "Tour"]));
    const all =
      await server.gql(`{ claims(first: 100) { totalCount nodes { field text entity { ... on Node { id } } assertion { voice modality }
      subject { __typename ... on Node { id } } } } }`);
    const claims = all.data!.claims.nodes as any[];
    expect(claims).toHaveLength(all.data!.claims.totalCount);
    for (const typeName of subjects) {
      const fields = new Map<string, any>(types.get(typeName).fields.map((f: any) => [f.name, f]));
      const claimed = new Set(claims.filter((c) => c.subject.__typename === typeName).map((c) => c.field));
      for (const name of claimed) {
        const field = fields.get(name);
        expect(field, `${typeName}.${name} is a field`).toBeDefined();
        const plain = claims.filter((c) => c.subject.__typename === typeName && c.field === name);
        // A field may show its claims' values plainly only if every one is the source's statement of what happened.
        const asFact = plain.every((c) => c.assertion.voice === "SOURCE" && c.assertion.modality === "HAPPENED");
        if (!asFact) {
          expect(field.isDeprecated, `${typeName}.${name} shows claims as plain values`).toBe(true);
          expect(field.deprecationReason).toContain("`claims`");
        }
      }
      // Every value of such a field, on every record, is one of the record's claims: none comes without its attribution.
      const deprecatedForClaims = [...fields.values()].filter((f) => f.deprecationReason?.includes("`claims`")).map((f) => f.name);
      const root = typeName === "Visit" ? "visits" : "tours";
      const selection = deprecatedForClaims.map((f) => (["meetings", "invitedBy"].includes(f) ? `${f} { id }` : f)).join(" ");
      const records = await server.gql(`{ list: ${root}(first: 100) { nodes { id ${selection} } } }`);
      for (const record of records.data!.list.nodes) {
        for (const name of deprecatedForClaims) {
          const values = [record[name]]
            .flat()
            .filter((v) => v !== null)
            .map((v: any) => (typeof v === "string" ? v : v.id));
          const fromClaims = claims.filter((c) => c.subject.id === record.id && c.field === name).map((c) => c.text ?? c.entity.id);
          expect(values, `${typeName} ${record.id} ${name}`).toEqual(
            name === "purpose" || name === "invitation" ? fromClaims.slice(0, 1) : fromClaims,
          );
        }
      }
    }
  });

  it("the sources' sentences join back into their text", async () => {
    const res = await server.gql(`{ sources { nodes { text sentences sentenceCount } } }`);
    for (const source of res.data!.sources.nodes) {
      expect(source.sentences).toHaveLength(source.sentenceCount);
      const squash = (s: string) => s.replace(/\s+/g, "");
      expect(squash(source.sentences.join(" "))).toBe(squash(source.text));
    }
  });

  it("says what a source is, and leaves unknown what the fixtures do not know", async () => {
    const res = await server.gql(`{ sources { nodes { kind language title publisher byline url publishedOn { iso basis } } } }`);
    expect(res.data!.sources.nodes).toEqual([
      {
        kind: "NEWS_ARTICLE",
        language: "en",
        title: null,
        publisher: null,
        byline: null,
        url: null,
        publishedOn: { iso: "2023-06-12", basis: "PUBLICATION" },
      },
    ]);
  });

  it("tells a date the source states from one resolved against its dateline or another date", async () => {
    const res = await server.gql(`{
      visits(first: 100) { nodes { hostCountry { code } visitor { name } date { iso asWritten basis } } }
      accusations { nodes { date { iso asWritten basis } } }
    }`);
    const visits = res.data!.visits.nodes.map((v: any) => [v.visitor?.name ?? null, v.hostCountry.code, v.date]);
    expect(visits).toEqual(
      expect.arrayContaining([
        ["Ebrahim Raisi", "VE", { iso: "2023-06-12", asWritten: "on Monday", basis: "DATELINE" }],
        ["Ebrahim Raisi", "CU", { iso: "2023-06-12", asWritten: null, basis: "DATELINE" }],
        ["Nicolas Maduro", "IR", { iso: "2022-06", asWritten: "in June 2022", basis: "STATED" }],
        ["Hossein Amir-Abdollahian", "VE", { iso: "2023-02", asWritten: "In February", basis: "DATELINE" }],
        ["Mahmoud Ahmadinejad", "NI", { iso: "2007", asWritten: "in 2007", basis: "STATED" }],
      ]),
    );
    // "Washington has since accused Iran": the year comes from "In 2020" before it.
    expect(res.data!.accusations.nodes).toEqual([{ date: { iso: "2020", asWritten: "since", basis: "CONTEXT" } }]);
    for (const [, , date] of visits) if (date.basis === "STATED") expect(date.asWritten).toContain(date.iso.slice(0, 4));
  });

  it("marks a quote that leaves words out, as a citation and as a statement", async () => {
    const res = await server.gql(`{ statements { nodes { quote elided citations { quote elided } } } }`);
    const byElision = res.data!.statements.nodes.map((s: any) => [
      s.quote.slice(0, 30),
      s.elided,
      s.citations.every((c: any) => c.elided === s.elided),
    ]);
    expect(byElision).toEqual(
      expect.arrayContaining([
        ["Over the last two years, our c", true, true],
        ["economic, political and scient", false, true],
      ]),
    );
  });
});
