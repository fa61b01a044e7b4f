/**
 * Redaction covers every store read and every client method by name, not by a naming pattern
 * (lib/redaction/views.ts). The compiler holds the tables to the interfaces; these tests hold
 * them to the real objects: a method a backend or the client grows without a table entry fails
 * here, and a redacting view answers its reads (and its writes that answer payloads) redacted.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CLIENT_METHODS, STORE_METHODS, STORE_TOP_LEVEL, redactingStore } from "@/lib/redaction/views";
import { DurableClient } from "@/sdk/runtime/client";
import { DynamoStore } from "@/sdk/store/dynamodb";
import { SqliteStore } from "@/sdk/store/sqlite";
import { STORE_GROUP_NAMES, type DurableStore } from "@/sdk/store/types";
import { T0, createExecution, iso, newExecution } from "../store/conformance/fixtures";

/** Every function an object offers: its own and its prototypes' (not Object's). */
function methodsOf(value: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = value; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name !== "constructor" && typeof (value as Record<string, unknown>)[name] === "function") names.add(name);
    }
  }
  return [...names].sort();
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype;

const opened: DurableStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

function backends(): Array<[string, DurableStore]> {
  const sqlite = new SqliteStore({ path: ":memory:" });
  // Constructing a DynamoStore sends nothing: its methods can be walked without DynamoDB Local.
  const dynamo = new DynamoStore({ table: "walk", region: "us-east-1", endpoint: "http://127.0.0.1:9", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  opened.push(sqlite, dynamo);
  return [
    ["sqlite", sqlite],
    ["dynamodb", dynamo],
  ];
}

describe("the redaction tables cover the real objects", () => {
  it("every method of every store group, on both backends, has exactly one table entry", () => {
    expect(Object.keys(STORE_METHODS).sort()).toEqual([...STORE_GROUP_NAMES].sort());
    for (const [backend, store] of backends()) {
      for (const group of STORE_GROUP_NAMES) {
        expect(methodsOf(store[group]), `${backend} store.${group}`).toEqual(Object.keys(STORE_METHODS[group]).sort());
      }
    }
  });

  it("a store has no group of methods beside the known ones", () => {
    for (const [backend, store] of backends()) {
      const groupLike = Object.entries(store)
        .filter(([, value]) => isPlainObject(value) && Object.values(value).length > 0 && Object.values(value).every((v) => typeof v === "function"))
        .map(([name]) => name)
        .sort();
      expect(groupLike, backend).toEqual([...STORE_GROUP_NAMES].sort());
      for (const name of Object.keys(STORE_TOP_LEVEL)) expect(typeof (store as unknown as Record<string, unknown>)[name], `${backend} ${name}`).toBe("function");
    }
  });

  it("every method of the client has a table entry, or is one of its private helpers", () => {
    // TypeScript's private methods are on the prototype too; they run on the real client, never through the view.
    const privateHelpers = ["requireExecution", "start"];
    expect(methodsOf(DurableClient.prototype)).toEqual([...Object.keys(CLIENT_METHODS), ...privateHelpers].sort());
  });
});

describe("a redacting store view", () => {
  const SECRET = "4111-1111-1111-1111";
  const previous = process.env.DURABLE_REDACT_PATHS;
  afterEach(() => {
    if (previous === undefined) delete process.env.DURABLE_REDACT_PATHS;
    else process.env.DURABLE_REDACT_PATHS = previous;
  });

  it("answers reads and payload-answering writes redacted, offers only its table's methods, and leaves the store's data alone", async () => {
    process.env.DURABLE_REDACT_PATHS = "$.card";
    const store = new SqliteStore({ path: ":memory:" });
    opened.push(store);
    await store.init();
    const input = JSON.stringify({ card: SECRET, orderId: 7 });
    const created = await createExecution(store, { inputPayload: input, nextWakeAt: T0 });
    const view = redactingStore(store);

    const answers: unknown[] = [
      await view.executions.get(created.executionId),
      await view.executions.list({}),
      await view.executions.findByName(created.functionName, created.name),
      await view.operations.list(created.executionId),
      await view.history.list(created.executionId),
      await view.scheduling.claimDue({ now: T0 + 1, owner: "w", leaseMs: 1000, limit: 1, newToken: () => "token" }),
      (await view.transact(created.executionId, {}, () => ({ mutation: { execution: { endTimestamp: iso(T0 + 2) } } }))).execution,
      await view.executions.create(newExecution({ name: "second", inputPayload: input })),
    ];
    for (const answer of answers) {
      expect(JSON.stringify(answer)).not.toContain(SECRET);
      expect(JSON.stringify(answer)).toContain("[REDACTED]");
    }
    expect((await store.executions.get(created.executionId))?.inputPayload).toBe(input);
    expect(view.kind).toBe("sqlite");
    // Not in any table: not offered (a caller fails loudly instead of reading in clear).
    expect((view.executions as unknown as Record<string, unknown>).notATableMethod).toBeUndefined();
  });
});
