import { FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { z } from "zod";
import type { SanctionLicense as SanctionLicenseRecord } from "../../facts/records";
import { SanctionLicense } from "./sanction.type";

type SanctionLicenseRow = z.infer<typeof SanctionLicenseRecord>;

/** The license's older length fields, read from its one stored `term`. */
@Resolver(() => SanctionLicense)
export class SanctionLicenseResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: "The license's length as the source words it.",
    deprecationReason: "Use `term.asWritten`.",
  })
  duration(@Root() license: SanctionLicenseRow): string | null {
    return license.term?.asWritten ?? null;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: "The license's length in whole months; null when it is stated in shorter units (minutes to weeks).",
    deprecationReason: "Use `term { amount unit }`.",
  })
  durationMonths(@Root() license: SanctionLicenseRow): number | null {
    const term = license.term;
    if (!term) return null;
    const months = term.unit === "MONTH" ? term.amount : term.unit === "YEAR" ? term.amount * 12 : null;
    return months !== null && Number.isInteger(months) ? months : null;
  }
}
