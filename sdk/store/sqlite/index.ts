export { SqliteStore, type SqliteStoreOptions } from "./store";
export type { SynchronousMode } from "./schema";
