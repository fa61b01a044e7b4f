import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import * as officialSdk from "@aws/durable-execution-sdk-js";
import * as ourSdk from "../../sdk";
import { differentialCases } from "./handlers";
import { officialRunnerDriver } from "./drivers";

/**
 * The same handler code, once on the official SDK and once on ours: results, operation lists and
 * history event sequences must match (InvocationCompleted is left out: where an invocation ends
 * is scheduling, not semantics).
 */
describe("differential: official SDK vs ours", () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  const reference = officialRunnerDriver("official SDK");
  const candidate = officialRunnerDriver("our SDK");

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
