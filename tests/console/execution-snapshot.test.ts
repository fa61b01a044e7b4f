/**
 * GET /api/executions/:id/snapshot (what the execution page polls) and the scheduling facts of
 * GET /api/executions/:id, through the real route handlers over a real SQLite file: the execution
 * and its operations come from one consistent read even when a write lands in the middle of it,
 * an unchanged execution is answered without its operations, and a due execution nobody has
 * claimed (no worker runs here) says when it became due and that no worker holds it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeConsoleFixture } from "./support/fixture";
import { DurableClient } from "@/sdk/runtime/client";
import { openStore } from "@/sdk/store/open";
import type { DurableStore } from "@/sdk/store/types";
import type { ExecutionDetail, ExecutionSnapshot } from "@/lib/types";

const dir = mkdtempSync(join(tmpdir(), "console-snapshot-"));
process.env.DURABLE_STORE = join(dir, "durable.db");

let store: DurableStore;
let client: DurableClient;

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const get = (path: string) => new Request(`http://console.test${path}`);

async function snapshot(id: string, query = ""): Promise<{ status: number; body: ExecutionSnapshot & { error?: { code: string } } }> {
  const { GET } = await import("@/app/api/executions/[id]/snapshot/route");
  const response = await GET(get(`/api/executions/${id}/snapshot${query}`), ctx(id));
  return { status: response.status, body: (await response.json()) as ExecutionSnapshot & { error?: { code: string } } };
}

beforeAll(async () => {
  store = await openStore(process.env.DURABLE_STORE);
  client = new DurableClient({ store });
});

afterAll(() => closeConsoleFixture(store, dir));

describe("GET /api/executions/:id", () => {
  it("tells when a running execution is due and that no worker holds it; an ended one has neither", async () => {
    const before = Date.now();
    const { execution } = await client.startExecution({ functionName: "order-processing", name: "due-1", input: "{}" });
    const { GET } = await import("@/app/api/executions/[id]/route");
    const detail = (await (await GET(get(`/api/executions/${execution.executionId}`), ctx(execution.executionId))).json()) as ExecutionDetail;
    expect(Date.parse(detail.nextWakeAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(detail.nextWakeAt!)).toBeLessThanOrEqual(Date.now());
    expect(detail.lease).toBeUndefined();
    expect(JSON.stringify(detail)).not.toMatch(/checkpointToken/);

    await client.stopExecution(execution.executionId, { ErrorType: "Stopped", ErrorMessage: "test" });
    const stopped = (await (await GET(get(`/api/executions/${execution.executionId}`), ctx(execution.executionId))).json()) as ExecutionDetail;
    expect(stopped.status).toBe("STOPPED");
    expect(stopped.nextWakeAt).toBeUndefined();
    expect(stopped.lease).toBeUndefined();
  });
});

describe("GET /api/executions/:id/snapshot", () => {
  it("answers the execution with its operations, and leaves them out when the caller holds that version", async () => {
    const { execution } = await client.startExecution({ functionName: "order-processing", name: "snap-1", input: '{"orderId":"1"}' });
    const first = await snapshot(execution.executionId);
    expect(first.status).toBe(200);
    expect(first.body.execution.executionId).toBe(execution.executionId);
    expect(first.body.operations?.map((op) => op.Type)).toEqual(["EXECUTION"]);
    expect(Date.parse(first.body.readAt)).toBeGreaterThan(0);

    const unchanged = await snapshot(execution.executionId, `?knownVersion=${first.body.execution.version}`);
    expect(unchanged.body.execution.version).toBe(first.body.execution.version);
    expect(unchanged.body).not.toHaveProperty("operations");

    await client.stopExecution(execution.executionId, { ErrorType: "Stopped", ErrorMessage: "test" });
    const changed = await snapshot(execution.executionId, `?knownVersion=${first.body.execution.version}`);
    expect(changed.body.execution.status).toBe("STOPPED");
    expect(changed.body.operations?.[0]?.Status).toBe("STOPPED");
  });

  it("never pairs the execution of one moment with operations of another, even when a write lands mid-read", async () => {
    const { execution } = await client.startExecution({ functionName: "order-processing", name: "snap-race", input: "{}" });
    const { durable } = await import("@/lib/server/durable");
    const real = (await durable()).raw.store;
    const listOperations = real.operations.list.bind(real.operations);
    let raced = false;
    // The stop lands after the operations were read and before the row is read again.
    real.operations.list = async (executionId: string) => {
      const operations = await listOperations(executionId);
      if (!raced) {
        raced = true;
        await client.stopExecution(execution.executionId, { ErrorType: "Stopped", ErrorMessage: "mid-read" });
      }
      return operations;
    };
    try {
      const { body } = await snapshot(execution.executionId);
      expect(raced).toBe(true);
      // Read again after the write: the header and the EXECUTION operation agree.
      expect(body.execution.status).toBe("STOPPED");
      expect(body.operations?.find((op) => op.Type === "EXECUTION")?.Status).toBe("STOPPED");
    } finally {
      delete (real as { listOperations?: unknown }).listOperations;
    }
    expect(real.operations.list).toBeTypeOf("function");
  });

  it("refuses a bad knownVersion with 400 and an unknown execution with 404", async () => {
    const { execution } = await client.startExecution({ functionName: "order-processing", name: "snap-bad", input: "{}" });
    const bad = await snapshot(execution.executionId, "?knownVersion=abc");
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe("VALIDATION_ERROR");
    // Empty, spaced, hexadecimal and exponent forms are not whole numbers either (an empty value once read as 0).
    for (const odd of ["", "%20", "0x1", "1e0", "1.0"]) {
      const refused = await snapshot(execution.executionId, `?knownVersion=${odd}`);
      expect(refused.status, `knownVersion=${odd}`).toBe(400);
      expect(refused.body.error?.code).toBe("VALIDATION_ERROR");
    }
    const missing = await snapshot("no-such-execution");
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe("EXECUTION_NOT_FOUND");
  });
});
