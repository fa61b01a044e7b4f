export { SqliteStore, type SqliteStoreOptions } from "./sqlite-store";
export type { SynchronousMode } from "./schema";
