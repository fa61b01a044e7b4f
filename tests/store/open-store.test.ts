import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createExecution } from "../../sdk/store/conformance-fixtures";
import { DEFAULT_STORE_PATH, openStore, resolveStoreUrl } from "../../sdk/store/open";
import { SqliteStore } from "../../sdk/store/sqlite";
import type { DurableStore } from "../../sdk/store/types";

describe("openStore", () => {
  let dir: string;
  const opened: DurableStore[] = [];
  const open = async (url?: string) => {
    const store = await openStore(url);
    opened.push(store);
    return store;
  };
  const savedEnv = process.env.DURABLE_STORE;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "durable-open-"));
    delete process.env.DURABLE_STORE;
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
    if (savedEnv === undefined) delete process.env.DURABLE_STORE;
    else process.env.DURABLE_STORE = savedEnv;
  });

  it("opens a plain file path, creating its directory and tables", async () => {
    const file = join(dir, "a", "b", "plain.db");
    const store = await open(file);
    expect(store).toBeInstanceOf(SqliteStore);
    expect(store.kind).toBe("sqlite");
    expect((store as SqliteStore).path).toBe(file);
    await createExecution(store);
    expect(existsSync(file)).toBe(true);
  });

  it("resolves a relative path against the working directory", async () => {
    const file = join(dir, "relative.db");
    const store = await open(relative(process.cwd(), file));
    expect((store as SqliteStore).path).toBe(file);
  });

  it("accepts sqlite:<path> and sqlite://<path>, which reach the same file", async () => {
    const file = join(dir, "shared.db");
    const a = await open(`sqlite:${file}`);
    const created = await createExecution(a);
    const b = await open(`sqlite://${file}`); // sqlite:///abs/path
    expect((b as SqliteStore).path).toBe(file);
    expect(await b.getExecution(created.executionId)).toEqual(created);
    const c = await open(`sqlite://${relative(process.cwd(), file)}?synchronous=NORMAL`);
    expect(await c.getExecution(created.executionId)).toEqual(created);
  });

  it("uses DURABLE_STORE when no URL is given, else .durable/durable.db", async () => {
    expect(resolveStoreUrl()).toBe(DEFAULT_STORE_PATH);
    expect(DEFAULT_STORE_PATH).toBe(".durable/durable.db");
    const file = join(dir, "from-env.db");
    process.env.DURABLE_STORE = `sqlite:${file}`;
    expect(resolveStoreUrl()).toBe(`sqlite:${file}`);
    expect(resolveStoreUrl("explicit.db")).toBe("explicit.db");
    const store = await open();
    expect((store as SqliteStore).path).toBe(file);
  });

  it("refuses unknown schemes with a message naming the accepted forms", async () => {
    await expect(openStore("postgres://localhost/db")).rejects.toThrow(
      /scheme "postgres:" is not supported; expected a file path, sqlite:<path> or sqlite:\/\/<path>/,
    );
    await expect(openStore("dynamodb://table")).rejects.toThrow(/DynamoDB backend is not available yet/);
  });

  it("refuses bad sqlite options and empty URLs", async () => {
    await expect(openStore(`sqlite:${join(dir, "x.db")}?synchronous=SOMETIMES`)).rejects.toThrow(/FULL, NORMAL or OFF/);
    await expect(openStore(`sqlite:${join(dir, "x.db")}?cache=big`)).rejects.toThrow(/unknown sqlite store option "cache"/);
    await expect(openStore("sqlite://")).rejects.toThrow(/names no file/);
    await expect(openStore("  ")).rejects.toThrow(/store URL is empty/);
  });
});
