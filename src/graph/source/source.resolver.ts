import { Resolver } from "type-graphql";
import { Connection } from "../connection";
import { NodeResolver } from "../node";
import { Source } from "./source.type";

export const SourceConnection = Connection(Source);

@Resolver(() => Source)
export class SourceResolver extends NodeResolver(Source, "sources") {}
