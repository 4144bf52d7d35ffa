import type { Row } from "../../facts/tables";
import { defineEntity } from "../entity-base/entity";
import { orderBy } from "../shapes/order";
import { Source } from "./source.type";

export const source = defineEntity({
  table: "sources",
  type: Source,
  list: { description: "The sources the facts come from." },
  order: orderBy<Row<"sources">>({
    DATE: {
      description: "Order by the source's date of publication (the earliest day it can stand for; ties keep fixture order).",
      key: (s) => s.publishedOn.iso,
    },
  }),
});
