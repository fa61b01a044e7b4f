import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createExecution } from "./conformance/fixtures";
import { parseDynamoUrl } from "../../sdk/store/dynamodb";
import { DEFAULT_STORE_PATH, openStore, resolveStoreUrl } from "../../sdk/store/open";
import { StoreNotFoundError, StoreUrlError } from "../../sdk/store/open-errors";
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
    expect(await b.executions.get(created.executionId)).toEqual(created);
    const c = await open(`sqlite://${relative(process.cwd(), file)}?synchronous=NORMAL`);
    expect(await c.executions.get(created.executionId)).toEqual(created);
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

  it("with mustExist, refuses a missing file with StoreNotFoundError and creates nothing; opens one that exists", async () => {
    const inMissingFolder = join(dir, "missing", "x.db");
    const inFolder = join(dir, "x.db");
    for (const url of [inMissingFolder, `sqlite:${inFolder}`, `sqlite://${inFolder}?synchronous=NORMAL`]) {
      const refused = await openStore(url, { mustExist: true }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(StoreNotFoundError);
      expect(refused).toMatchObject({ code: "STORE_NOT_FOUND", message: expect.stringMatching(/^no store at \//) });
    }
    expect(readdirSync(dir)).toEqual([]);
    const created = await createExecution(await open(inFolder));
    const existing = await openStore(inFolder, { mustExist: true });
    opened.push(existing);
    expect(await existing.executions.get(created.executionId)).toEqual(created);
  });

  it("throws StoreUrlError for a URL it cannot read", async () => {
    for (const url of ["postgres://localhost/db", "sqlite:", "sqlite:x.db?cache=big", "dynamodb://", "dynamodb://t?region=r&bogus=1", "  "]) {
      await expect(openStore(url), url).rejects.toBeInstanceOf(StoreUrlError);
    }
  });

  it("refuses unknown schemes with a message naming the accepted forms", async () => {
    await expect(openStore("postgres://localhost/db")).rejects.toThrow(
      /scheme "postgres:" is not supported; expected a file path, sqlite:<path>, sqlite:\/\/<path> or dynamodb:\/\/<table>/,
    );
  });

  it("reads dynamodb:// URLs: table, region, endpoint, and local credentials only for a local endpoint", () => {
    const local = parseDynamoUrl("dynamodb://orders-prod?region=eu-west-1&endpoint=http://127.0.0.1:8123", {});
    expect(local).toEqual({
      table: "orders-prod",
      region: "eu-west-1",
      endpoint: "http://127.0.0.1:8123",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    // the usual AWS chain wins when it is configured, and a real endpoint never gets made-up keys
    expect(parseDynamoUrl("dynamodb://t1x?endpoint=http://localhost:8000", { AWS_PROFILE: "dev" })).toEqual({
      table: "t1x",
      region: "us-east-1",
      endpoint: "http://localhost:8000",
    });
    expect(parseDynamoUrl("dynamodb://durable?region=us-east-2", {})).toEqual({ table: "durable", region: "us-east-2" });
  });

  it("refuses bad dynamodb:// URLs with a clear message", async () => {
    await expect(openStore("dynamodb://x")).rejects.toThrow(/table name "x" must be 3-255/);
    await expect(openStore("dynamodb://table?cache=big")).rejects.toThrow(/unknown dynamodb store option "cache"/);
    await expect(openStore("dynamodb://table?endpoint=nope")).rejects.toThrow(/endpoint must be a URL/);
  });

  it("opens with synchronous=FULL unless the URL opts into NORMAL (any case)", async () => {
    const file = join(dir, "sync.db");
    expect(((await open(file)) as SqliteStore).synchronous).toBe("FULL");
    expect(((await open(`sqlite:${file}`)) as SqliteStore).synchronous).toBe("FULL");
    expect(((await open(`sqlite:${file}?synchronous=normal`)) as SqliteStore).synchronous).toBe("NORMAL");
    expect(((await open(`sqlite://${file}?synchronous=NORMAL`)) as SqliteStore).synchronous).toBe("NORMAL");
    process.env.DURABLE_STORE = `sqlite:${file}?synchronous=normal`;
    expect(((await open()) as SqliteStore).synchronous).toBe("NORMAL");
  });

  it("refuses a bad synchronous value with a StoreUrlError naming the choices, and creates no file", async () => {
    const file = join(dir, "never.db");
    const refused = openStore(`sqlite:${file}?synchronous=fast`);
    await expect(refused).rejects.toBeInstanceOf(StoreUrlError);
    await expect(refused).rejects.toThrow(/synchronous must be FULL, NORMAL or OFF/);
    await expect(openStore(`sqlite:${file}?synchronous=`)).rejects.toThrow(/synchronous must be FULL, NORMAL or OFF/);
    expect(existsSync(file)).toBe(false);
  });

  it("refuses bad sqlite options and empty URLs", async () => {
    await expect(openStore(`sqlite:${join(dir, "x.db")}?synchronous=SOMETIMES`)).rejects.toThrow(/FULL, NORMAL or OFF/);
    await expect(openStore(`sqlite:${join(dir, "x.db")}?cache=big`)).rejects.toThrow(/unknown sqlite store option "cache"/);
    await expect(openStore("sqlite://")).rejects.toThrow(/names no file/);
    await expect(openStore("  ")).rejects.toThrow(/store URL is empty/);
  });
});
