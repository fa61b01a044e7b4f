import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import * as officialSdk from "@aws/durable-execution-sdk-js";
import * as ourSdk from "../../sdk";
import { differentialCases } from "./handlers";
import { officialRunnerDriver, ourRunnerDriver } from "./drivers";
import { LocalDurableTestRunner as OurTestRunner } from "../../sdk/testing";

/**
 * The same handler code, once on the official SDK and once on ours: results, operation lists and
 * history event sequences must match (InvocationCompleted is left out: where an invocation ends
 * is scheduling, not semantics).
 */
describe("differential: official SDK vs ours", () => {
  beforeAll(async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    await OurTestRunner.setupTestEnvironment({ skipTime: true });
  });
  afterAll(async () => {
    await LocalDurableTestRunner.teardownTestEnvironment();
    await OurTestRunner.teardownTestEnvironment();
  });

  // The official SDK on the official local runner is the reference; ours runs on our runtime.
  const reference = officialRunnerDriver("official SDK on the official runner");
  const candidate = ourRunnerDriver("our SDK on our runtime");

  for (const testCase of differentialCases) {
    it(testCase.name, async () => {
      const theirs = await reference.run(testCase.make(officialSdk as never), testCase);
      const ours = await candidate.run(testCase.make(ourSdk), testCase);
      expect(ours.status).toBe(theirs.status);
      expect(ours.outcome).toEqual(theirs.outcome);
      expect(ours.operations).toEqual(theirs.operations);
      if (testCase.concurrent) {
        expect([...ours.events].sort()).toEqual([...theirs.events].sort());
        expect(eventsByOperation(ours.events)).toEqual(eventsByOperation(theirs.events));
      } else {
        expect(ours.events).toEqual(theirs.events);
      }
    });
  }
});

/** Each operation's own events, in order (the operation id is the fourth field). */
function eventsByOperation(events: string[]): Record<string, string[]> {
  const byOperation: Record<string, string[]> = {};
  for (const event of events) (byOperation[event.split(" ")[3]] ??= []).push(event);
  return byOperation;
}
