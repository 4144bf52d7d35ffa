/** docs/clients.md shows what the client tests run, so the page cannot drift from them. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..", "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const page = read("docs/clients.md");

describe("docs/clients.md", () => {
  it("shows the Apollo Client field policy the tests run, as it is", () => {
    expect(page).toContain(`\`\`\`ts\n${read("test/clients/connection-policy.ts")}\`\`\``);
  });

  it("starts with the five things a client must know, and points at the client schema the tools here use", () => {
    const firstItems = [...page.matchAll(/^(\d)\. \*\*(.+?)\*\*/gm)].map((m) => [m[1], m[2]]);
    expect(firstItems.map(([n]) => n)).toEqual(["1", "2", "3", "4", "5"]);
    expect(firstItems.map(([, words]) => words).join(" ")).toMatch(/connection.*first.*codes or IDs.*limits.*schema\/client\.graphql/s);
    expect(read("codegen.ts")).toContain('schema: "schema/client.graphql"');
    expect(JSON.parse(read("relay.config.json")).schema).toBe("./schema/client.graphql");
    expect(page).toContain('"schema": "./schema/client.graphql"');
  });
});
