/**
 * The DynamoDB backend's pure parts, without DynamoDB: which failures are retried (throttling,
 * transaction conflicts) and which are not, the sortable key encodings the indexes rely on, and
 * how appended events group into items.
 */
import { describe, expect, it } from "vitest";
import { callbackRecord, historyEvent } from "./conformance/fixtures";
import { callbackFromItem, callbackItem, functionFromItem } from "../../sdk/store/dynamodb/items";
import { compareBytes, shardOf, sortableMs, SHARDS, timeKey } from "../../sdk/store/dynamodb/keys";
import { MAX_ATTEMPTS, isTransient, withRetry } from "../../sdk/store/dynamodb/requests";
import { EVENTS, runsOf } from "../../sdk/store/dynamodb/sequences";

const awsError = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, ...extra });
const cancelled = (...codes: string[]) => awsError("TransactionCanceledException", { CancellationReasons: codes.map((Code) => ({ Code })) });

describe("DynamoDB retries", () => {
  it("retries throttling and transaction conflicts until the call succeeds", async () => {
    const failures = [
      awsError("ProvisionedThroughputExceededException"),
      awsError("ThrottlingException"),
      cancelled("None", "TransactionConflict"),
      awsError("RequestLimitExceeded"),
    ];
    let calls = 0;
    const result = await withRetry(async () => {
      calls++;
      const failure = failures.shift();
      if (failure) throw failure;
      return "done";
    });
    expect(result).toBe("done");
    expect(calls).toBe(5);
  });

  it("does not retry what another try cannot fix", async () => {
    for (const error of [awsError("ValidationException"), awsError("ConditionalCheckFailedException"), cancelled("ConditionalCheckFailed", "None"), cancelled("ConditionalCheckFailed", "TransactionConflict")]) {
      let calls = 0;
      const outcome = await withRetry(async () => {
        calls++;
        throw error;
      }).catch((e: unknown) => e);
      expect(outcome).toBe(error);
      expect(calls).toBe(1);
    }
    expect(isTransient(cancelled("TransactionConflict"))).toBe(true);
    expect(isTransient(cancelled("None", "None"))).toBe(false);
  });

  it("gives up after MAX_ATTEMPTS and rethrows the last error", async () => {
    let calls = 0;
    const outcome = await withRetry(async () => {
      calls++;
      throw awsError("ThrottlingException");
    }).catch((e: unknown) => e);
    expect((outcome as Error).name).toBe("ThrottlingException");
    expect(calls).toBe(MAX_ATTEMPTS);
  });
});

describe("DynamoDB key encodings", () => {
  it("orders times as text exactly as numbers, negative ones included", () => {
    const times = [-86_400_000, -1, 0, 1, 9, 10, 1_750_000_000_000, 1_750_000_000_001, 4_102_444_800_000];
    const keys = times.map((t) => sortableMs(t));
    expect([...keys].sort(compareBytes)).toEqual(keys);
    expect(keys.every((k) => k.length === 16)).toBe(true);
    // ties on time are broken by id, and a longer id sorts after its prefix
    expect([timeKey(5, "b"), timeKey(5, "a-1"), timeKey(5, "a"), timeKey(4, "z")].sort(compareBytes)).toEqual([
      timeKey(4, "z"),
      timeKey(5, "a"),
      timeKey(5, "a-1"),
      timeKey(5, "b"),
    ]);
    expect(() => sortableMs(Number.NaN)).toThrow(RangeError);
  });

  it("compares like DynamoDB (UTF-8 bytes), not like JavaScript (UTF-16 units)", () => {
    const astral = "\u{1F600}"; // UTF-16 0xD83D..., UTF-8 0xF0...
    const bmpHigh = "\uFF5E"; // UTF-16 0xFF5E, UTF-8 0xEF...
    expect(astral < bmpHigh).toBe(true);
    expect(compareBytes(astral, bmpHigh)).toBeGreaterThan(0);
  });

  it("spreads ids over every shard", () => {
    const counts = new Array<number>(SHARDS).fill(0);
    for (let i = 0; i < 8000; i++) counts[shardOf(`execution-${i}`)]! += 1;
    for (const n of counts) expect(n).toBeGreaterThan(700);
  });
});

describe("event runs", () => {
  it("groups consecutive EventIds into one run, whatever their order", () => {
    const ids = [7, 3, 4, 5, 9, 10, 1];
    const runs = runsOf(EVENTS, ids.map((id) => historyEvent(id)));
    expect(runs.map((run) => run.map((e) => e.EventId))).toEqual([[1], [3, 4, 5], [7], [9, 10]]);
  });
});

describe("item attribute names", () => {
  it("keeps the attribute names tables were written with when a record field was renamed", () => {
    const callback = callbackRecord("exec-1", "op-1", "cb-1", { createdTimestamp: "2026-03-01T10:00:00.000Z" });
    const item = callbackItem(callback);
    expect(item.createdAt).toBe("2026-03-01T10:00:00.000Z");
    expect(item).not.toHaveProperty("createdTimestamp");
    expect(callbackFromItem(item)).toEqual(callback);

    // A function item as an earlier version wrote it reads back under today's field names.
    const written = { pk: "FUNCS", sk: "orders", name: "orders", kind: "durable", registeredAt: "2026-01-01T00:00:00.000Z", lastSeenAt: "2026-02-01T00:00:00.000Z" };
    expect(functionFromItem(written)).toEqual({ name: "orders", kind: "durable", registeredTimestamp: "2026-01-01T00:00:00.000Z", lastSeenTimestamp: "2026-02-01T00:00:00.000Z" });
  });
});
