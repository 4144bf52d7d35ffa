import type { Row } from "../../facts/tables";
import { defineEntity, one } from "../entity-base/entity";
import { orderBy } from "../shapes/order";
import { Shipment } from "./shipment.type";

export const shipment = defineEntity({
  table: "shipments",
  type: Shipment,
  list: { description: "Shipments of goods between countries the sources state." },
  order: orderBy<Row<"shipments">>({
    DATE: {
      description: "Order by the shipment's date (the earliest day it can stand for; ties keep fixture order).",
      key: (s) => s.date.iso,
    },
  }),
  relations: {
    sender: one("The country that sent it.", { inverse: { shipmentsSent: "Goods this country sent to others." } }),
    recipient: one("The country it was sent to.", { inverse: { shipmentsReceived: "Goods other countries sent to this one." } }),
  },
});
