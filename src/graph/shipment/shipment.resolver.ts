import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Row } from "../../facts/tables";
import { Country } from "../country/country.type";
import { NodeResolver } from "../node";
import { one } from "../relations";
import { Shipment } from "./shipment.type";

type ShipmentRow = Row<"shipments">;

@Resolver(() => Shipment)
export class ShipmentResolver extends NodeResolver(Shipment, "shipments") {
  @FieldResolver(() => Country, { description: "The country that sent it." })
  sender(@Root() shipment: ShipmentRow, @Ctx() ctx: Context) {
    return one(ctx, "countries", shipment.sender);
  }

  @FieldResolver(() => Country, { description: "The country it was sent to." })
  recipient(@Root() shipment: ShipmentRow, @Ctx() ctx: Context) {
    return one(ctx, "countries", shipment.recipient);
  }
}
