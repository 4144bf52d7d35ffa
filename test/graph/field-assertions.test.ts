/**
 * `Cited.fieldAssertions(field:)` names a value by its GraphQL field, and a source file's `voices:`
 * by its record field: every field a voice may be given must be a field of its kind's type, or
 * its voice could be stored and never asked for.
 */
import { isObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { ENTITY_KINDS, voicedFields } from "../../src/facts/source-file";
import { TABLES } from "../../src/facts/tables";
import { buildGraphSchema } from "../../src/graph/assembly/schema";

describe("voices by field", () => {
  const schema = buildGraphSchema();

  it("every field a statement may give a voice of is a field of its kind's GraphQL type, which has fieldAssertions", () => {
    for (const kind of ENTITY_KINDS) {
      const type = schema.getType(TABLES[kind].typename);
      if (!isObjectType(type)) throw new Error(`${kind}: no object type`);
      const fields = type.getFields();
      expect(Object.keys(fields), kind).toContain("fieldAssertions");
      expect(
        voicedFields(kind).filter((field) => !(field in fields)),
        kind,
      ).toEqual([]);
    }
  });
});
