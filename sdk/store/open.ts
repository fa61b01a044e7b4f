/**
 * Opens the store named by a URL, so every entry point (worker, console, CLI, tests) picks its
 * backend the same way: the argument, else env DURABLE_STORE, else `.durable/durable.db` under cwd.
 *
 * Accepted forms:
 * - a plain file path                 `./data/durable.db`, `/var/lib/durable.db`
 * - `sqlite:<path>`                   `sqlite:./data/durable.db`
 * - `sqlite://<path>`                 `sqlite://data/durable.db`, `sqlite:///var/lib/durable.db`
 * - `dynamodb://<table>?region=<region>&endpoint=<url>`   a DynamoDB table (see dynamodb/url.ts)
 * SQLite URLs may end in `?synchronous=FULL|NORMAL|OFF` (default FULL). The DynamoDB backend (and
 * the AWS SDK) is loaded only when a dynamodb:// URL is opened. A URL that cannot be read throws
 * StoreUrlError; with `mustExist`, a SQLite file that does not exist throws StoreNotFoundError and
 * is not created (a DynamoDB table is never created by opening it).
 */
import { resolve } from "node:path";
import type { DurableStore } from "./types";
import { parseDynamoUrl } from "./dynamodb/url";
import { StoreUrlError } from "./open-errors";
import { SqliteStore } from "./sqlite";
import type { SynchronousMode } from "./sqlite";

export interface OpenStoreOptions {
  /** Refuse to create a store that does not exist (StoreNotFoundError): for tools that only read or steer. */
  mustExist?: boolean;
}

export const DEFAULT_STORE_PATH = ".durable/durable.db";

const ACCEPTED_FORMS = "a file path, sqlite:<path>, sqlite://<path> or dynamodb://<table>?region=<region>";

/** The URL `openStore(url)` opens: the argument, else env DURABLE_STORE, else the default path. */
export function resolveStoreUrl(url?: string): string {
  return url ?? (process.env.DURABLE_STORE || DEFAULT_STORE_PATH);
}

export async function openStore(url?: string, options: OpenStoreOptions = {}): Promise<DurableStore> {
  const target = resolveStoreUrl(url);
  const store = schemeOf(target) === "dynamodb" ? await createDynamoStore(target) : createStore(target, options);
  try {
    await store.init();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}

function createStore(target: string, options: OpenStoreOptions): DurableStore {
  if (target.trim() === "") throw new StoreUrlError(`store URL is empty; expected ${ACCEPTED_FORMS}`);
  const scheme = schemeOf(target);
  switch (scheme) {
    case undefined:
      return new SqliteStore({ path: resolve(target), mustExist: options.mustExist });
    case "sqlite":
      return new SqliteStore({ ...parseSqliteUrl(target), mustExist: options.mustExist });
    default:
      throw new StoreUrlError(`unsupported store URL ${JSON.stringify(target)}: scheme "${scheme}:" is not supported; expected ${ACCEPTED_FORMS}`);
  }
}

/** The file a SQLite store URL names (resolved), or undefined for another backend. */
export function sqliteFileOf(url?: string): string | undefined {
  const target = resolveStoreUrl(url);
  const scheme = schemeOf(target);
  if (scheme === undefined) return resolve(target);
  return scheme === "sqlite" ? parseSqliteUrl(target).path : undefined;
}

async function createDynamoStore(target: string): Promise<DurableStore> {
  let options: ReturnType<typeof parseDynamoUrl>;
  try {
    options = parseDynamoUrl(target);
  } catch (error) {
    throw new StoreUrlError((error as Error).message);
  }
  const { DynamoStore } = await import("./dynamodb");
  return new DynamoStore(options);
}

/** A scheme is 2+ letters before ':' (so a Windows drive `C:\x` stays a path). */
function schemeOf(target: string): string | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]+):/.exec(target);
  return match ? match[1]!.toLowerCase() : undefined;
}

function parseSqliteUrl(target: string): { path: string; synchronous?: SynchronousMode } {
  let rest = target.slice("sqlite:".length);
  if (rest.startsWith("//")) rest = rest.slice(2);
  let synchronous: SynchronousMode | undefined;
  const query = rest.indexOf("?");
  if (query >= 0) {
    const params = new URLSearchParams(rest.slice(query + 1));
    rest = rest.slice(0, query);
    for (const [key, value] of params) {
      if (key !== "synchronous") throw new StoreUrlError(`unknown sqlite store option "${key}" in ${JSON.stringify(target)}`);
      const mode = value.toUpperCase();
      if (mode !== "FULL" && mode !== "NORMAL" && mode !== "OFF") {
        throw new StoreUrlError(`synchronous must be FULL, NORMAL or OFF in ${JSON.stringify(target)}`);
      }
      synchronous = mode;
    }
  }
  if (rest === "") throw new StoreUrlError(`store URL ${JSON.stringify(target)} names no file; expected ${ACCEPTED_FORMS}`);
  return { path: rest === ":memory:" ? rest : resolve(rest), synchronous };
}
