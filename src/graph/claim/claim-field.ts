/**
 * `ClaimField`: the fields claims give values of, as an enum a client can check its queries
 * against, made from the catalogue's `claimed` fields (one value per field name, whichever
 * tables have it). The stored name (`invitedBy`) is the enum value's internal value (`INVITED_BY`).
 */
import { registerEnumType } from "type-graphql";
import { TABLES } from "../../facts/tables";
import { listed, withArticle } from "../shapes/words";

const typenamesByField = new Map<string, string[]>();
for (const spec of Object.values(TABLES) as { typename: string; claimed?: Readonly<Record<string, unknown>> }[])
  for (const field of Object.keys(spec.claimed ?? {})) typenamesByField.set(field, [...(typenamesByField.get(field) ?? []), spec.typename]);

/** `invitedBy` -> `INVITED_BY`. */
const enumName = (field: string) => field.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

export const ClaimField = Object.fromEntries([...typenamesByField.keys()].map((field) => [enumName(field), field]));

registerEnumType(ClaimField, {
  name: "ClaimField",
  description: "A field whose values the sources give as claims: what a claim gives a value of.",
  valuesConfig: Object.fromEntries(
    [...typenamesByField].map(([field, typenames]) => [
      enumName(field),
      {
        description: `The \`${field}\` of ${listed(
          typenames.map((t) => withArticle(t)),
          "or",
        )}.`,
      },
    ]),
  ),
});
