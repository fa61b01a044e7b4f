import { describe, expect, it } from "vitest";
import {
  EXECUTION_OPERATION_ID,
  T0,
  createExecution,
  iso,
  newExecution,
} from "./fixtures";
import type { ExecutionRecord } from "../../../sdk/store/types";
import type { ConformanceContext } from "./context";

export function executionTests(ctx: ConformanceContext): void {
  describe("createExecution / getExecution / findExecutionByName", () => {
    it("creates an execution with its first operations and events", async () => {
      const input = newExecution({ functionName: "orders", name: "order-1" });
      const { execution, created } = await ctx.store.executions.create(input);
      expect(created).toBe(true);
      expect(execution).toEqual(input.execution);

      expect(await ctx.store.executions.get(input.execution.executionId)).toEqual(input.execution);
      expect(await ctx.store.operations.list(input.execution.executionId)).toEqual(input.operations);
      expect((await ctx.store.history.list(input.execution.executionId)).items).toEqual(input.events);
    });

    it("round-trips every optional execution field", async () => {
      const full: Partial<ExecutionRecord> = {
        status: "FAILED",
        inputPayload: '{"big":"' + "x".repeat(10_000) + '"}',
        result: '"partial"',
        error: { ErrorType: "Boom", ErrorMessage: "it broke", ErrorData: '{"k":1}', StackTrace: ["at a", "at b"] },
        endTimestamp: iso(T0 + 5000),
        executionTimeoutSeconds: 3600,
        nextWakeAt: T0 + 60_000,
        leaseOwner: "worker-1",
        leaseExpiresAt: T0 + 30_000,
        checkpointToken: "token-1",
        eventCount: 7,
        operationCount: 3,
        logCount: 12,
        invocationCount: 2,
        redriveCount: 1,
        replayOf: "another-execution",
        parent: { executionId: "parent-execution", operationId: "op-9" },
        version: 4,
      };
      const created = await createExecution(ctx.store, full);
      expect(created).toMatchObject(full);
      expect(await ctx.store.executions.get(created.executionId)).toEqual(created);
    });

    it("returns the existing execution with created:false for the same function and name, writing nothing", async () => {
      const first = await createExecution(ctx.store, { functionName: "orders", name: "order-1" });
      const again = newExecution({ functionName: "orders", name: "order-1", inputPayload: '"different"' });
      const { execution, created } = await ctx.store.executions.create(again);
      expect(created).toBe(false);
      expect(execution).toEqual(first);
      expect(await ctx.store.executions.get(again.execution.executionId)).toBeUndefined();
      expect(await ctx.store.operations.list(again.execution.executionId)).toEqual([]);
      expect((await ctx.store.history.list(again.execution.executionId)).items).toEqual([]);
      expect(await ctx.store.executions.get(first.executionId)).toEqual(first);
    });

    it("treats the same name under another function as a different execution", async () => {
      await createExecution(ctx.store, { functionName: "orders", name: "shared-name" });
      const { created } = await ctx.store.executions.create(newExecution({ functionName: "billing", name: "shared-name" }));
      expect(created).toBe(true);
    });

    it("finds an execution by function and name", async () => {
      const created = await createExecution(ctx.store, { functionName: "orders", name: "order-7" });
      await createExecution(ctx.store, { functionName: "billing", name: "order-7" });
      expect(await ctx.store.executions.findByName("orders", "order-7")).toEqual(created);
      expect(await ctx.store.executions.findByName("orders", "order-8")).toBeUndefined();
      expect(await ctx.store.executions.findByName("shipping", "order-7")).toBeUndefined();
    });

    it("answers undefined and empty results for an unknown execution", async () => {
      expect(await ctx.store.executions.get("no-such-execution")).toBeUndefined();
      expect(await ctx.store.operations.list("no-such-execution")).toEqual([]);
      expect(await ctx.store.operations.get("no-such-execution", EXECUTION_OPERATION_ID)).toBeUndefined();
      expect(await ctx.store.history.list("no-such-execution")).toEqual({ items: [] });
      expect(await ctx.store.logs.list("no-such-execution")).toEqual({ items: [] });
      expect(await ctx.store.callbacks.get("no-such-callback")).toBeUndefined();
    });

    it("keeps init() idempotent", async () => {
      const created = await createExecution(ctx.store);
      await ctx.store.init();
      expect(await ctx.store.executions.get(created.executionId)).toEqual(created);
    });
  });
}
