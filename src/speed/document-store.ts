/**
 * Apollo's stores of parsed documents and of persisted-query texts, bounded by what they really
 * take in memory. Apollo's defaults count a document by `JSON.stringify` and a text by its length,
 * which leaves out graphql-js's token list and `Location` objects: a document takes several times
 * that (tools/document-cost.ts measures it). Here each is sized from its
 * token count and text length. Documents are kept as parsed, so every error keeps its `locations`.
 */
import type { DocumentStore } from "@apollo/server";
import type { DocumentNode } from "graphql";
import { LRUCache } from "lru-cache";
import { DEFAULTS } from "../config";
import { documentSize } from "./document-size";

/** Bytes of documents kept unless configured (`DOCUMENT_STORE_MB`). */
export const DEFAULT_DOCUMENT_STORE_BYTES = DEFAULTS.documentStoreBytes;

/** An LRU in Apollo's `KeyValueCache` shape, bounded by `sizeOf` each entry (ttl in seconds, as Apollo gives it). */
export class BoundedCache<V extends object | string> {
  private readonly entries: LRUCache<string, V>;

  constructor(
    readonly maxBytes: number,
    sizeOf: (value: V, key: string) => number,
  ) {
    this.entries = new LRUCache<string, V>({
      maxSize: maxBytes,
      sizeCalculation: (value, key) => Math.max(1, Math.ceil(sizeOf(value, key))),
    });
  }

  /** Entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** Estimated bytes held, never over `maxBytes`. */
  get calculatedSize(): number {
    return this.entries.calculatedSize;
  }

  async get(key: string): Promise<V | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: V, options?: { ttl?: number | null }): Promise<void> {
    this.entries.set(key, value, options?.ttl ? { ttl: options.ttl * 1000 } : undefined);
  }

  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }
}

/** Bytes of persisted queries kept, each sized as `persistedQuerySize` says (Apollo's default counts the texts' lengths alone). */
export const PERSISTED_QUERY_CACHE_BYTES = 8 * 1024 * 1024;

/**
 * Estimated heap bytes of a persisted query: its text (one byte a character, two if
 * any is outside Latin-1, as V8 stores strings), its key (`apq:` and a SHA-256 in hex),
 * and about 200 for the string headers and the LRU's slots.
 */
export function persistedQuerySize(query: string, key: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is Latin-1, the one-byte-per-char strings V8 stores
  const perChar = /[^\u0000-\u00ff]/.test(query) ? 2 : 1;
  return 200 + key.length + perChar * query.length;
}

/** Apollo's `persistedQueries.cache` of `maxBytes`, bounded by `persistedQuerySize`. */
export function createPersistedQueryCache(maxBytes = PERSISTED_QUERY_CACHE_BYTES): BoundedCache<string> {
  return new BoundedCache<string>(maxBytes, persistedQuerySize);
}

/** Apollo's `documentStore`: parsed documents, bounded by `documentSize`. */
export class BoundedDocumentStore extends BoundedCache<DocumentNode> implements DocumentStore {
  constructor(maxBytes: number) {
    super(maxBytes, (document) => documentSize(document));
  }
}

/** A store of `maxBytes`; null (Apollo parses and validates every request) when `maxBytes` is 0. */
export function createDocumentStore(maxBytes: number): BoundedDocumentStore | null {
  return maxBytes > 0 ? new BoundedDocumentStore(maxBytes) : null;
}
