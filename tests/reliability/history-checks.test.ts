/**
 * The checkers the reliability tests rely on must be able to fail: each corruption of a real
 * store (made with raw SQL behind the runtime's back) is reported.
 */
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution } from "../../sdk";
import { createHarness, type Harness } from "../runtime/helpers";
import { checkWholeHistory } from "./support/history-checks";
import { OutcomeObserver } from "./support/observer";

let h: Harness;
let db: Database.Database;
beforeEach(async () => {
  h = await createHarness();
  h.registry.register(
    "two-invocations",
    withDurableExecution(async (_input: unknown, context) => {
      const a = await context.step("a", async () => "A");
      await context.wait("pause", { seconds: 5 });
      const b = await context.step("b", async () => "B");
      return a + b;
    }),
  );
  db = new Database(h.path);
});
afterEach(async () => {
  db.close();
  await h.close();
});

async function finishedExecution(): Promise<string> {
  const { execution } = await h.client.startExecution({ functionName: "two-invocations", input: "{}" });
  await h.worker.drain();
  h.clock.advance(5_000);
  await h.worker.drain();
  expect((await h.store.executions.get(execution.executionId))?.status).toBe("SUCCEEDED");
  expect((await checkWholeHistory(h.store, execution.executionId)).problems).toEqual([]);
  return execution.executionId;
}

const problemsOf = async (id: string) => (await checkWholeHistory(h.store, id)).problems.join("\n");

function eventIdOf(id: string, type: string, nth = 0): number {
  const rows = db.prepare("SELECT event_id AS eventId FROM events WHERE execution_id = ? AND json_extract(event, '$.EventType') = ? ORDER BY event_id").all(id, type) as Array<{ eventId: number }>;
  return rows[nth]!.eventId;
}

describe("the history checker", () => {
  it("reports a gap in EventIds", async () => {
    const id = await finishedExecution();
    db.prepare("DELETE FROM events WHERE execution_id = ? AND event_id = 3").run(id);
    expect(await problemsOf(id)).toMatch(/EventId 4 at position 3[\s\S]*eventCount/);
  });

  it("reports an operation whose status disagrees with its last event (a partial checkpoint)", async () => {
    const id = await finishedExecution();
    db.prepare("UPDATE operations SET operation = json_set(operation, '$.Status', 'STARTED') WHERE execution_id = ? AND json_extract(operation, '$.Name') = 'b'").run(id);
    expect(await problemsOf(id)).toMatch(/STEP \w+ is STARTED but its last event is StepSucceeded/);
  });

  it("reports an event naming an operation that does not exist", async () => {
    const id = await finishedExecution();
    db.prepare("DELETE FROM operations WHERE execution_id = ? AND json_extract(operation, '$.Name') = 'a'").run(id);
    expect(await problemsOf(id)).toMatch(/names operation \w+, which does not exist[\s\S]*operationCount/);
  });

  it("reports an invocation completed twice and invocations that overlap", async () => {
    const id = await finishedExecution();
    const first = eventIdOf(id, "InvocationCompleted", 0);
    const second = eventIdOf(id, "InvocationCompleted", 1);
    const details = (eventId: number) =>
      JSON.parse((db.prepare("SELECT event FROM events WHERE execution_id = ? AND event_id = ?").get(id, eventId) as { event: string }).event).InvocationCompletedDetails;
    const d1 = details(first);
    db.prepare("UPDATE events SET event = json_set(event, '$.InvocationCompletedDetails.RequestId', ?, '$.InvocationCompletedDetails.StartTimestamp', ?) WHERE execution_id = ? AND event_id = ?").run(
      d1.RequestId,
      new Date(Date.parse(d1.StartTimestamp) - 1000).toISOString(),
      id,
      second,
    );
    expect(await problemsOf(id)).toMatch(/completed twice[\s\S]*overlaps/);
  });

  it("reports a started operation that never ended in a SUCCEEDED execution", async () => {
    const id = await finishedExecution();
    const last = eventIdOf(id, "StepSucceeded", 1);
    db.prepare("UPDATE events SET event = json_set(event, '$.EventType', 'StepStarted') WHERE execution_id = ? AND event_id = ?").run(id, last);
    expect(await problemsOf(id)).toMatch(/started again[\s\S]*its last event is StepStarted/);
  });
});

describe("the outcome observer", () => {
  it("reports a finished outcome that changed or disappeared between observations", async () => {
    const id = await finishedExecution();
    const observer = new OutcomeObserver(h.store);
    await observer.observe();
    db.prepare("UPDATE operations SET operation = json_set(operation, '$.StepDetails.Result', '\"X\"') WHERE execution_id = ? AND json_extract(operation, '$.Name') = 'a'").run(id);
    db.prepare("DELETE FROM operations WHERE execution_id = ? AND json_extract(operation, '$.Name') = 'b'").run(id);
    await observer.observe();
    expect(observer.problems.join("\n")).toMatch(/changed from[\s\S]*no longer/);
    expect(observer.comparisons).toBeGreaterThan(0);
  });
});
