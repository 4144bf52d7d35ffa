import { defineEntity } from "../entity";
import { Source } from "./source.type";

export const source = defineEntity({
  table: "sources",
  type: Source,
  list: { description: "The sources the facts come from, in fixture order." },
});
