/**
 * The same handler and test-driver code, once on the official SDK with its local runner and once
 * on ours with our runner and runtime: status, result or error, operations, history (without
 * InvocationCompleted: where an invocation ends is scheduling, not semantics), invocation counts,
 * how often user code ran, and what the driver observed must all match, except where a scenario
 * names a deliberate difference (README, "Where we differ from the official SDK, and why").
 *
 * The scenarios are dealt out, by position, to PARTS test files (differential-1.test.ts, ...):
 * many scenarios wait on real time (invocation retry backoff, callback timeouts), and separate
 * files run in separate worker processes side by side, so the whole set takes a fraction of the
 * time it takes in one file. Each process has its own official runner and fake clock. Every
 * scenario runs in exactly one part, in the same relative order as in `scenarios`.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import { LocalDurableTestRunner as OurTestRunner } from "../../sdk/testing";
import { officialRunnerDriver, ourRunnerDriver } from "./drivers";
import type { NormalizedRun, Scenario } from "./scenario";
import { scenarios } from "./scenarios";

/** How many differential-<n>.test.ts files share the scenarios (each checks that all of them exist). */
export const PARTS = 3;

/** The scenarios of part `part` (1-based): every PARTS-th one, so the slow kinds spread out. */
export function scenariosOfPart(part: number): Scenario[] {
  return scenarios.filter((_, index) => index % PARTS === part - 1);
}

export function describeDifferentialPart(part: number): void {
  describe("differential: official SDK vs ours", () => {
    it(`part ${part} of ${PARTS}: every part has its file, so every scenario runs`, () => {
      const missing = Array.from({ length: PARTS }, (_, i) => `differential-${i + 1}.test.ts`).filter((file) => !existsSync(path.join(__dirname, file)));
      expect(missing).toEqual([]);
      expect(Array.from({ length: PARTS }, (_, i) => scenariosOfPart(i + 1).length).reduce((a, b) => a + b, 0)).toBe(scenarios.length);
    });
    differentialScenarios(scenariosOfPart(part));
  });
}

function differentialScenarios(selected: Scenario[]): void {
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

  for (const scenario of selected) {
    it(scenario.name, async () => {
      const theirs = await reference.run(scenario);
      const ours = await candidate.run(scenario);
      if (scenario.deliberate) return scenario.deliberate.check(ours, theirs);
      expectSameRun(ours, theirs, scenario);
    });
  }
}

function expectSameRun(ours: NormalizedRun, theirs: NormalizedRun, options: { concurrent?: boolean; skipsTimers?: boolean }): void {
  expect(ours.status).toBe(theirs.status);
  expect(ours.outcome).toEqual(theirs.outcome);
  expect(ours.operations).toEqual(theirs.operations);
  if (options.concurrent) {
    expect([...ours.events].sort()).toEqual([...theirs.events].sort());
    expect(eventsByOperation(ours.events)).toEqual(eventsByOperation(theirs.events));
  } else {
    expect(ours.events).toEqual(theirs.events);
  }
  if (!options.skipsTimers) expect(ours.invocations).toBe(theirs.invocations);
  expect(ours.ran).toEqual(theirs.ran);
  expect(ours.observed).toEqual(theirs.observed);
}

/** Each operation's own events, in order (the operation id is the fourth field). */
function eventsByOperation(events: string[]): Record<string, string[]> {
  const byOperation: Record<string, string[]> = {};
  for (const event of events) (byOperation[event.split(" ")[3]] ??= []).push(event);
  return byOperation;
}
