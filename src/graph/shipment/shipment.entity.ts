import { defineEntity, one } from "../entity";
import { Shipment } from "./shipment.type";

export const shipment = defineEntity({
  table: "shipments",
  type: Shipment,
  list: { description: "Shipments of goods between countries the sources state, in fixture order." },
  relations: {
    sender: one("The country that sent it.", { inverse: { shipmentsSent: "Goods this country sent to others." } }),
    recipient: one("The country it was sent to.", { inverse: { shipmentsReceived: "Goods other countries sent to this one." } }),
  },
});
