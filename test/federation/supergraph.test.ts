/** Composition of our subgraph with others (@apollo/composition), and `npm run supergraph`'s command line. */
import { printSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "graphql";
import { afterAll, describe, expect, it } from "vitest";
import { buildGraphSchema } from "../../src/graph/assembly/schema";
import {
  composeSupergraph,
  CompositionFailed,
  newsfactsSubgraph,
  parseSubgraphArg,
  type SubgraphSource,
} from "../../tools/federation/supergraph";
import { RISK_SDL } from "./risk-subgraph";

const RISK: SubgraphSource = { name: "risk", url: "http://localhost:4001/graphql", sdl: RISK_SDL, origin: "risk.graphql" };

function compositionProblems(subgraphs: SubgraphSource[]): string[] {
  try {
    composeSupergraph(subgraphs);
  } catch (err) {
    if (err instanceof CompositionFailed) return err.problems;
    throw err;
  }
  throw new Error("composed, but should not have");
}

describe("composition", () => {
  it("composes our subgraph with one that extends Country and Leader by key and has its own Node and PageInfo", () => {
    const supergraph = composeSupergraph([newsfactsSubgraph(), RISK]);
    // No errors; the only hints are that both describe Node, Country, Leader, Organization and PageInfo
    // in their own words, and that our Wikidata ID may be null where theirs may not (ours is optional).
    expect(
      supergraph.hints
        .map(
          (hint) =>
            hint
              .match(/^\[(\w+)\] (?:Element|Type of field) "([\w.]+)"/)
              ?.slice(1)
              .join(" ") ?? hint,
        )
        .sort(),
    ).toEqual([
      "INCONSISTENT_BUT_COMPATIBLE_FIELD_TYPE Organization.wikidataId",
      ...["Country", "Leader", "Node", "Organization", "PageInfo"].map((type) => `INCONSISTENT_DESCRIPTION ${type}`),
    ]);
    const sdl = supergraph.sdl;
    expect(sdl).toContain('NEWSFACTS @join__graph(name: "newsfacts", url: "http://localhost:4000/graphql")');
    expect(sdl).toContain('RISK @join__graph(name: "risk", url: "http://localhost:4001/graphql")');
    // Country and Leader are entities of both subgraphs, joined by our Node ID; ours are keyed by Wikidata ID too.
    for (const entity of ["Country", "Leader"]) {
      expect(sdl).toMatch(
        new RegExp(
          `type ${entity} implements [^{]*@join__type\\(graph: NEWSFACTS, key: "id"\\)\\s*@join__type\\(graph: NEWSFACTS, key: "wikidataId"\\)\\s*@join__type\\(graph: RISK, key: "id"\\)`,
        ),
      );
    }
    // Organization is joined by the Wikidata ID alone, the one key both subgraphs know.
    expect(sdl).toMatch(
      /type Organization implements [^{]*@join__type\(graph: NEWSFACTS, key: "wikidataId"\)\s*@join__type\(graph: RISK, key: "wikidataId"\)/,
    );
    // Node is one interface of both; Briefing (theirs) and Country (ours) both implement it.
    expect(sdl).toMatch(/interface Node\s+@join__type\(graph: NEWSFACTS\)\s+@join__type\(graph: RISK\)/);
    expect(sdl).toMatch(/type Briefing implements Node/);
  });

  it("composes to the same supergraph from the SDL we serve as from the whole schema printed with every federation built-in", () => {
    // Our _service returns printSubgraphSchema (the checked-in file); @apollo/subgraph's default also prints
    // every federation built-in, as printSchemaWithDirectives does. Both must give a router the same supergraph.
    const schema = buildGraphSchema();
    const ours = composeSupergraph([{ ...newsfactsSubgraph(), sdl: printSubgraphSchema(schema) }, RISK]);
    const libraryDefault = composeSupergraph([{ ...newsfactsSubgraph(), sdl: printSchemaWithDirectives(schema) }, RISK]);
    expect(ours.sdl).toBe(libraryDefault.sdl);
  });

  it("says which field and which subgraphs clash when a subgraph redefines one of ours", () => {
    const clash = RISK_SDL.replace("riskScore: Int!", "riskScore: Int!\n  name: String!").replace(
      "briefings: BriefingConnection!",
      "briefings: BriefingConnection!\n  node(id: ID!): Node",
    );
    expect(compositionProblems([newsfactsSubgraph(), { ...RISK, sdl: clash }])).toEqual([
      '[INVALID_FIELD_SHARING] Non-shareable field "Country.name" is resolved from multiple subgraphs: it is resolved from subgraphs "newsfacts" and "risk" and defined as non-shareable in all of them',
      '[INVALID_FIELD_SHARING] Non-shareable field "Query.node" is resolved from multiple subgraphs: it is resolved from subgraphs "newsfacts" and "risk" and defined as non-shareable in all of them',
    ]);
  });

  it("says so when a subgraph's PageInfo is not @shareable", () => {
    const problems = compositionProblems([
      newsfactsSubgraph(),
      { ...RISK, sdl: RISK_SDL.replace("type PageInfo @shareable", "type PageInfo") },
    ]);
    expect(problems).toContain(
      '[INVALID_FIELD_SHARING] Non-shareable field "PageInfo.hasNextPage" is resolved from multiple subgraphs: it is resolved from subgraphs "newsfacts" and "risk" and defined as non-shareable in subgraph "risk"',
    );
  });

  it("names the subgraph, file and place of a syntax error, and a name given twice", () => {
    expect(compositionProblems([newsfactsSubgraph(), { ...RISK, sdl: "type Country {" }, { ...RISK, origin: "again.graphql" }])).toEqual([
      'subgraph "risk" (risk.graphql:1:15): Syntax Error: Expected Name, found <EOF>.',
      'subgraph name "risk" is given twice (again.graphql)',
    ]);
  });
});

describe("NAME=ROUTING_URL=SDL_FILE arguments", () => {
  const read = (file: string) => `# ${file}`;
  it("splits name, URL (which may hold '=') and file", () => {
    expect(parseSubgraphArg("risk=http://localhost:4001/graphql?a=b=../risk/schema.graphql", read)).toEqual({
      name: "risk",
      url: "http://localhost:4001/graphql?a=b",
      sdl: "# ../risk/schema.graphql",
      origin: "../risk/schema.graphql",
    });
  });

  it("refuses malformed arguments with a reason", () => {
    expect(() => parseSubgraphArg("risk.graphql", read)).toThrow('subgraph "risk.graphql" is not NAME=ROUTING_URL=SDL_FILE');
    expect(() => parseSubgraphArg("risk=ftp://x=risk.graphql", read)).toThrow('routing URL "ftp://x" is not an http(s) URL');
    expect(() => parseSubgraphArg("9risk=http://x=risk.graphql", read)).toThrow('subgraph name "9risk" must start with a letter');
    expect(() => parseSubgraphArg("risk=http://x=", read)).toThrow("no SDL file");
    expect(() =>
      parseSubgraphArg("risk=http://x=missing.graphql", () => {
        throw new Error("ENOENT");
      }),
    ).toThrow("cannot read missing.graphql: ENOENT");
  });
});

describe("npm run supergraph (the built script)", () => {
  const SCRIPT = path.resolve(__dirname, "..", "..", ".tools", "build", "tools", "supergraph.js");
  const dir = mkdtempSync(path.join(tmpdir(), "newsfacts-supergraph-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { PORT: _port, HOST: _host, ...baseEnv } = process.env;
  const runWith = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8", cwd: dir, env: { ...baseEnv, ...env } });
  const run = (...args: string[]) => runWith({}, ...args);

  it("exits 1 and lists the composition errors when the subgraphs do not compose", () => {
    const file = path.join(dir, "clash.graphql");
    writeFileSync(file, RISK_SDL.replace("riskScore: Int!", "riskScore: Int!\n  name: String!"));
    const out = path.join(dir, "never.graphql");
    const res = run("--out", out, `risk=http://localhost:4001/graphql=${file}`);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("supergraph: newsfacts + risk: composition failed with 1 error:");
    expect(res.stderr).toContain('[INVALID_FIELD_SHARING] Non-shareable field "Country.name"');
    expect(() => parse(res.stdout || "x")).toThrow();
  });

  it("exits 2 with the usage on a bad argument", () => {
    const res = run("--url", "localhost:4000");
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/routing URL "localhost:4000" is not an http\(s\) URL[\s\S]*usage: npm run supergraph/);
  });

  it("prints the supergraph to stdout with --out -", () => {
    const res = run("--out", "-", "--url", "http://10.0.0.7:4000/graphql");
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('NEWSFACTS @join__graph(name: "newsfacts", url: "http://10.0.0.7:4000/graphql")');
    expect(res.stdout).toBe(composeSupergraph([newsfactsSubgraph("http://10.0.0.7:4000/graphql")]).sdl);
  });

  it("routes to where `npm start` serves with the same PORT and HOST, and refuses to guess PORT=0 or a bad PORT", () => {
    const routed = (res: ReturnType<typeof run>) => /NEWSFACTS @join__graph\(name: "newsfacts", url: "([^"]+)"\)/.exec(res.stdout)?.[1];
    expect(routed(run("--out", "-"))).toBe("http://localhost:4000/graphql");
    expect(routed(runWith({ PORT: "4321" }, "--out", "-"))).toBe("http://localhost:4321/graphql");
    expect(routed(runWith({ PORT: "4321", HOST: "127.0.0.1" }, "--out", "-"))).toBe("http://127.0.0.1:4321/graphql");
    expect(routed(runWith({ PORT: "4321", HOST: "::1" }, "--out", "-"))).toBe("http://[::1]:4321/graphql");
    expect(routed(runWith({ PORT: "4321" }, "--out", "-", "--url", "http://10.0.0.7:4000/graphql"))).toBe("http://10.0.0.7:4000/graphql");
    const zero = runWith({ PORT: "0" }, "--out", "-");
    expect(zero.status).toBe(2);
    expect(zero.stderr).toContain("PORT=0 serves on any free port: give the subgraph's --url");
    const bad = runWith({ PORT: "40o0" }, "--out", "-");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('PORT: must be a whole number from 0 to 65535 in plain decimal digits, got "40o0"');
    // Seven runs of the script in turn, each loading composition: past the default 30 s on a loaded 2-core machine.
  }, 120_000);
});
