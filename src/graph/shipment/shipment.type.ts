import { Field, Float, ObjectType } from "type-graphql";
import type { z } from "zod";
import type { FactDate as FactDateRow, ShipmentItem as ShipmentItemRecord } from "../../facts/records";
import { Cited } from "../shapes/cited";
import { FactDate } from "../shapes/date";
import { Node } from "../entity-base/node";

@ObjectType({ simpleResolvers: true, description: "One kind of goods in a shipment." })
export class ShipmentItem {
  @Field(() => String, { description: 'What was sent, e.g. "fuel".' })
  description!: string;

  @Field(() => Float, { nullable: true, description: "How much, e.g. 1500000; null when the source gives no amount." })
  quantity!: number | null;

  @Field(() => String, { nullable: true, description: 'The unit of `quantity`, e.g. "barrels".' })
  unit!: string | null;

  @Field(() => String, { nullable: true, description: "What it was for, where the source says." })
  purpose!: string | null;
}

@ObjectType({ simpleResolvers: true, implements: [Node, Cited], description: "Goods one country sent another, as the source states it." })
export class Shipment extends Cited {
  @Field(() => FactDate, { description: "When it was sent." })
  date!: FactDateRow;

  @Field(() => [ShipmentItem], { description: "What was sent, with amounts where stated." })
  items!: z.infer<typeof ShipmentItemRecord>[];
}
