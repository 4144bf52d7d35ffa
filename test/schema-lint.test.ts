/**
 * graphql-schema-linter, the real CLI with its default rules (every built-in rule: descriptions,
 * naming, sorting, the Relay connection and PageInfo specs) and no configuration, on the file
 * that is for linters: schema/client.graphql.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const cli = path.join(path.dirname(require.resolve("graphql-schema-linter/package.json")), "lib", "cli.js");
const apiSchema = path.join(root, "schema", "client.graphql");

interface LintError {
  message: string;
  rule: string;
}

function lint(args: string[], input?: string): { status: number | null; errors: LintError[]; stderr: string } {
  const run = spawnSync(process.execPath, [cli, "--format", "json", ...args], { cwd: root, input, encoding: "utf8" });
  return { status: run.status, errors: JSON.parse(run.stdout || '{"errors":[]}').errors, stderr: run.stderr };
}

describe("graphql-schema-linter on schema/client.graphql", () => {
  it("finds no error with its default rules", () => {
    const { status, errors, stderr } = lint([apiSchema]);
    expect(errors.map((e) => `${e.rule}: ${e.message}`)).toEqual([]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
  });

  it("fails, naming the rule, on a schema that breaks it (so the check above can fail)", () => {
    const broken = readFileSync(apiSchema, "utf8")
      .replace('  """Ascending: earliest first."""\n  ASC\n', "  asc\n")
      .replace(/type VisitConnection \{[^}]*\}/, 'type VisitConnection {\n  """The visits."""\n  nodes: [Visit!]!\n}');
    const { status, errors } = lint(["--stdin"], broken);
    expect(status).toBe(1);
    expect(errors.map((e) => e.rule)).toEqual(
      expect.arrayContaining(["enum-values-all-caps", "enum-values-have-descriptions", "relay-connection-types-spec"]),
    );
  });
});
