import { CLAIM_ENTITIES, CLAIM_SUBJECTS, PARTY_TABLES } from "../../facts/records";
import type { Row } from "../../facts/tables";
import { Assertion } from "../shapes/assertion";
import { connection, defineEntity, many, one, oneOf } from "../entity-base/entity";
import { badUserInput } from "../shapes/errors";
import { byRef, byTest, byValue, filterBy, referenced } from "../shapes/filters";
import { decodeId } from "../shapes/ids";
import { orderBy } from "../shapes/order";
import { ClaimFieldResolver } from "./claim.resolver";
import { Claim, ClaimEntity, ClaimFilter, ClaimSubject } from "./claim.type";

type ClaimRow = Row<"claims">;

const CLAIMS_ABOUT = "Claims the sources make about the values of its fields: each with who asserts it, its modality and its citations.";

/** `{ visit: x, tour: x }`: one entry per key of a claim's `subject` or `entity` (facts/records.ts). */
const each = <K extends object, V>(keys: K, value: V) =>
  Object.fromEntries(Object.keys(keys).map((key) => [key, value])) as { [P in keyof K]: V };

export const claim = defineEntity({
  table: "claims",
  type: Claim,
  resolvers: [ClaimFieldResolver],
  list: {
    description: "Claims the sources make about records, optionally filtered: what each says, who asserts it and its modality.",
    filter: filterBy(ClaimFilter, "Narrows the list; every given field must match.", {
      subject: byRef(...(Object.keys(CLAIM_SUBJECTS).map((key) => `subject.${key}`) as [string, ...string[]])),
      field: byValue(),
      claimedField: byValue("field"),
      assertedBy: byTest((id: string, argument, store) => {
        const { table, localId } = referenced(store, id, argument, Object.values(PARTY_TABLES));
        const key = (Object.keys(PARTY_TABLES) as (keyof typeof PARTY_TABLES)[]).find((k) => PARTY_TABLES[k] === table);
        if (!key)
          throw badUserInput(`Argument "${argument}" must be the ID of a Leader, a Country, an Organization or a Person.`, argument);
        return (row: ClaimRow) => row.assertion.by?.[key] === localId;
      }),
      voice: byTest((voice: string) => (row: ClaimRow) => (row.assertion.by === null) === (voice === "SOURCE")),
      modality: byTest((modality: string) => (row: ClaimRow) => row.assertion.modality === modality),
      source: byTest((id: string, argument) => {
        const { localId } = decodeId(id, argument, "sources");
        return (row: ClaimRow) => row.citations.some((citation) => citation.source === localId);
      }),
    }),
  },
  order: orderBy<ClaimRow>({
    DATE: {
      description:
        "Order by the date of the claimed thing (the earliest day it can stand for; ties keep fixture order; claims the sources give no date come last).",
      key: (c) => c.date?.iso ?? null,
    },
  }),
  relations: {
    subject: oneOf(() => ClaimSubject, "The record the claim gives a field's value of.", each(CLAIM_SUBJECTS, { claims: CLAIMS_ABOUT })),
    entity: oneOf(
      () => ClaimEntity,
      "The record the value names, when it names one; null when the value is a text.",
      each(CLAIM_ENTITIES, null),
      {
        nullable: true,
      },
    ),
    // On Assertion, the shape every cited record shares: one resolver of `statement` for all of them.
    statement: one("The statement the source reports that carries the fact, where the graph holds it; null in the source's own voice.", {
      on: Assertion,
      path: "assertion.statement",
      nullable: true,
      inverse: { claims: "Claims the statement carries: the values of fields it gives, each with its modality." },
    }),
    corroborates: many("Claims of other sources about the same field that this claim agrees with.", {
      inverse: { corroboratedBy: "Claims of other sources about the same field that agree with this one." },
      deprecationReason:
        "Use `corroborations`, a connection like `corroboratedBy`: a claim may agree with more claims than one list holds.",
      firstPageOf: "corroborations",
    }),
    // The same reference as a connection, as every list that grows with the sources is.
    corroborations: connection("Claims of other sources about the same field that this claim agrees with.", {
      path: "corroborates",
      inverse: null,
    }),
    contradicts: many("Claims of other sources about the same field that this claim disagrees with.", {
      inverse: { contradictedBy: "Claims of other sources about the same field that disagree with this one." },
      deprecationReason: "Use `contradictions`, a connection like `contradictedBy`.",
    }),
    // The same reference as a connection, as every list that grows with the sources is.
    contradictions: connection("Claims of other sources about the same field that this claim disagrees with.", {
      path: "contradicts",
      inverse: null,
    }),
  },
});
