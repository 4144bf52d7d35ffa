import { defineEntity } from "../entity-base/entity";
import { CountryLookupResolver } from "./country.resolver";
import { Country, CountryLists } from "./country.type";

/** Countries point at nothing; the relations that point at them name their fields here (Country.leaders, …). */
export const country = defineEntity({
  table: "countries",
  type: Country,
  lookup: "own",
  list: { description: "All countries the sources name, in fixture order." },
  resolvers: [CountryLookupResolver, CountryLists],
});
