/**
 * An entity's relations are typed by its table's references in the catalogue (facts/tables.ts):
 * a reference no relation follows, or a relation that follows no reference, fails to compile, so
 * tsc reports it before the start-up checks (entity-checks.ts) would; so does a table of the
 * catalogue that the served list of entities misses. The `@ts-expect-error`s are the test: the
 * typecheck fails if one of them stops being an error.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { TABLES, type TableName } from "../../src/facts/tables";
import { ENTITIES } from "../../src/graph/assembly/schema";
import { defineEntity, type Entity, one, type TablesWithoutEntity } from "../../src/graph/entity-base/entity";
import { checkEntities } from "../../src/graph/entity-base/entity-checks";
import { Leader } from "../../src/graph/leader/leader.type";
import { Source } from "../../src/graph/source/source.type";
import { Visit } from "../../src/graph/visit/visit.type";

const list = { description: "Leaders." };
const country = one("The country.", { inverse: null });

/** The served entities with `entity` in place of the one of its table, as the start-up checks see them. */
const checked = (entity: Entity) => () => checkEntities(TABLES, [...ENTITIES.filter((other) => other.table !== entity.table), entity]);

describe("an entity's relations, typed by its table's references", () => {
  it("compile when every reference is followed", () => {
    expectTypeOf(defineEntity({ table: "leaders", type: Leader, list, relations: { country } })).toEqualTypeOf<Entity<"leaders">>();
  });

  it("fail to compile when a reference is forgotten", () => {
    // @ts-expect-error: no relation follows leaders.country
    const forgetful = defineEntity({ table: "leaders", type: Leader, list, relations: {} });
    // @ts-expect-error: no relations at all, and leaders has a reference
    const bare = defineEntity({ table: "leaders", type: Leader, list });
    // What tsc refuses, the start-up checks refuse too.
    for (const entity of [forgetful, bare])
      expect(checked(entity)).toThrow("leaders.country: the catalogue's reference is followed by no relation");
  });

  it("fail to compile when a relation names no reference, by its field or its path", () => {
    // @ts-expect-error: contry is not a reference of leaders
    const misspelled = defineEntity({
      table: "leaders",
      type: Leader,
      list,
      relations: { country, contry: one("A typo.", { inverse: null }) },
    });
    expect(checked(misspelled)).toThrow('Leader.contry: "contry" is not a reference of leaders in the catalogue.');
    // @ts-expect-error: "tours" is not a reference of visits, and no relation follows visits.tour
    const astray = defineEntity({
      table: "visits",
      type: Visit,
      list,
      relations: {
        visitor: one("The visitor.", { inverse: null }),
        visitingCountry: one("The visiting country.", { inverse: null }),
        hostCountry: one("The host.", { inverse: null }),
        receivedBy: one("Received by.", { inverse: null }),
        meetings: one("Meetings.", { inverse: null }),
        invitedBy: one("Invited by.", { inverse: null }),
        stop: one("The tour.", { path: "tours", inverse: null }),
      },
    });
    expect(checked(astray)).toThrow('Visit.stop: "tours" is not a reference of visits in the catalogue.');
  });

  it("and a list of entities that misses a table fails to compile, as the start-up checks refuse it", () => {
    const sources = defineEntity({ table: "sources", type: Source, list });
    const few = [sources] as const;
    expectTypeOf<TablesWithoutEntity<typeof few>>().toEqualTypeOf<Exclude<TableName, "sources">>();
    // @ts-expect-error: no entity shows the other tables
    const everyTable: [TablesWithoutEntity<typeof few>] extends [never] ? true : false = true;
    expect(everyTable).toBe(true);
    expect(() => checkEntities(TABLES, few)).toThrow("countries: the catalogue's table (Country) has no entity in the schema's list");
  });
});
