import type { FactStore } from "./facts/store";
import { Loaders, type BatchObserver, type Deadline } from "./loaders";

/** What every resolver gets: the read-only store and this request's own loaders. */
export interface Context {
  store: FactStore;
  loaders: Loaders;
  requestId: string;
}

export function createContext(store: FactStore, requestId: string, onBatch?: BatchObserver, deadline?: Deadline): Context {
  return { store, loaders: new Loaders(store, onBatch, deadline), requestId };
}
