/**
 * The qualifiers every cited fact carries, written once: who asserts it (the source in its own
 * voice, or a party it reports) and its modality (happened, under way, planned, intended, claimed).
 * Who and which statement are resolved in assertion.resolver.ts, which knows the entity types.
 */
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Modality as ModalityValues } from "../../facts/records";

export const Modality = ModalityValues.enum;
registerEnumType(Modality, {
  name: "Modality",
  description: "How the source presents a fact: as done, under way, planned, intended, or only claimed by a party it reports.",
  valuesConfig: {
    HAPPENED: { description: "Stated as having happened, or as so, at the source's date." },
    IN_PROGRESS: { description: "Stated as under way at the source's date." },
    PLANNED: { description: 'Stated as planned or due, and not yet done at the source\'s date ("was due to meet").' },
    INTENDED: {
      description: 'An aim or a purpose ("aimed at improving", "sent delegates to meet"): not a statement that it was achieved.',
    },
    CLAIMED: {
      description: "Claimed or alleged by the party the assertion names; the source reports the claim without stating it itself.",
    },
  },
});

export const AssertionVoice = { SOURCE: "SOURCE", PARTY: "PARTY" } as const;
registerEnumType(AssertionVoice, {
  name: "AssertionVoice",
  description: "Whose words a fact is: the source's own, or a party's the source reports.",
  valuesConfig: {
    SOURCE: { description: "The source states it in its own voice." },
    PARTY: { description: 'The source attributes it to a party ("the minister said", "according to the government"): see `assertedBy`.' },
  },
});

@ObjectType({
  simpleResolvers: true,
  description: "Who asserts a fact, in what words, and whether the source gives it as happened, under way, planned, intended or claimed.",
})
export class Assertion {
  @Field(() => Modality, { description: "Whether the fact happened, is under way, is planned or due, is intended, or is only claimed." })
  modality!: keyof typeof Modality;

  @Field(() => String, {
    nullable: true,
    description: 'The source\'s words of attribution, e.g. "said", "told" or "according to"; null in the source\'s own voice.',
  })
  verb!: string | null;
}

/** The deprecation reason of a field whose values are now claims (tables.ts `claimed`): why, and where to read them. */
export function readClaimsInstead(field: string, why: string): string {
  return `${why} Use \`claims\` (field "${field}"): each value's \`assertion\` says who asserts it and whether it happened, is planned or is only claimed.`;
}
