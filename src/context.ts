import type { FactStore } from "./facts/store";
import type { RequestRecord } from "./http/request-scope";
import { Loaders, type BatchObserver, type Deadline } from "./loaders";

/** What every resolver gets: the read-only store and this request's own loaders. */
export interface Context {
  store: FactStore;
  loaders: Loaders;
  requestId: string;
  /** The HTTP request's record (its operation, its errors, its log line); server.ts sets it. */
  request?: RequestRecord;
}

export function createContext(store: FactStore, requestId: string, onBatch?: BatchObserver, deadline?: Deadline): Context {
  return { store, loaders: new Loaders(store, onBatch, deadline), requestId };
}
