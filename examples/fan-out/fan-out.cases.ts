/**
 * fan-out's test cases, written once against what every durable test runner offers (`run`, then
 * the result's status, result and operations), so the same code runs on our local runner
 * (fan-out.test.ts) and on the official testing library's CloudDurableTestRunner against the
 * console's Lambda API (tests/remote/cloud-test-runner.test.ts).
 */
import { expect } from "vitest";

interface RunnerResult {
  getStatus(): string | undefined;
  getResult(): unknown;
  getOperations(): Array<{ getName(): string | undefined; getSubType(): string | undefined }>;
}

export interface ExampleRunner<R extends RunnerResult = RunnerResult> {
  run(params: { payload: unknown }): Promise<R>;
}

/** Loads in parallel, then notifies every recipient, tolerating unreachable ones. Returns the result for more checks. */
export async function notifiesEveryRecipient<R extends RunnerResult>(runner: ExampleRunner<R>): Promise<R> {
  const result = await runner.run({
    payload: { recipients: ["a@x.io", "b@x.io", "blocked@example.com", "c@x.io", "d@x.io"], unreachable: ["b@x.io"] },
  });
  expect(result.getStatus()).toBe("SUCCEEDED");
  const output = result.getResult() as { sent: Array<{ recipient: string }>; failed: Array<{ index: number; error: string }>; completionReason: string };
  expect(output.sent.map((s) => s.recipient)).toEqual(["a@x.io", "c@x.io", "d@x.io"]);
  expect(output.failed).toEqual([{ index: 1, error: "Mailbox b@x.io is unreachable" }]);
  expect(output.completionReason).toBe("ALL_COMPLETED");
  const items = result.getOperations().filter((op) => op.getSubType() === "MapIteration");
  expect(items.map((op) => op.getName())).toEqual(["notify-a@x.io", "notify-b@x.io", "notify-c@x.io", "notify-d@x.io"]);
  return result;
}

/** Stops starting deliveries once more than two have failed. */
export async function stopsAfterTooManyFailures(runner: ExampleRunner): Promise<void> {
  const recipients = ["a", "b", "c", "d", "e", "f"].map((r) => `${r}@x.io`);
  const result = await runner.run({ payload: { recipients, unreachable: recipients.slice(0, 4) } });
  const output = result.getResult() as { failed: unknown[]; completionReason: string };
  expect(output.completionReason).toBe("FAILURE_TOLERANCE_EXCEEDED");
  expect(output.failed.length).toBe(3);
}
