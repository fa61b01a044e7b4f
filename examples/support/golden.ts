import fs from "node:fs";
import { expect } from "vitest";
import type { HistoryEvent } from "../../sdk";

/** The part of an event that must not change between runs: what happened, to which operation. */
export interface EventSignature {
  EventType: string;
  SubType?: string;
  Name?: string;
}

export function eventSignatures(events: HistoryEvent[]): EventSignature[] {
  return events.map((event) => ({
    EventType: event.EventType,
    ...(event.SubType !== undefined ? { SubType: event.SubType } : {}),
    ...(event.Name !== undefined ? { Name: event.Name } : {}),
  }));
}

export const UPDATE_GOLDEN_COMMAND = "UPDATE_GOLDEN=1 npx vitest run examples";

/**
 * Compares a run's history with the stored golden history (`<example>.history.json`). The file is
 * only ever read here, so a test never passes against what it just wrote; `UPDATE_GOLDEN=1`
 * (UPDATE_GOLDEN_COMMAND) writes it instead, after an intended change or for a new example, and
 * the change is then reviewed in the diff.
 */
export function expectGoldenHistory(events: HistoryEvent[], goldenFile: string): void {
  const actual = eventSignatures(events);
  if (process.env.UPDATE_GOLDEN === "1") {
    // One event per line: a changed history reads as a changed line in review.
    fs.writeFileSync(goldenFile, `[\n${actual.map((e) => `  ${JSON.stringify(e)}`).join(",\n")}\n]\n`);
    return;
  }
  if (!fs.existsSync(goldenFile)) {
    throw new Error(`golden history ${goldenFile} is missing: create it with \`${UPDATE_GOLDEN_COMMAND}\` and review it before committing`);
  }
  const golden = JSON.parse(fs.readFileSync(goldenFile, "utf8")) as EventSignature[];
  // Where an invocation ends among the other events is scheduling, not semantics: an answer the
  // test sends as soon as a callback can be answered may land before or after the invocation
  // that created it ends. Their number is pinned; their place is not.
  const invocationEnds = (list: EventSignature[]) => list.filter((e) => e.EventType === "InvocationCompleted").length;
  const rest = (list: EventSignature[]) => list.filter((e) => e.EventType !== "InvocationCompleted");
  expect(rest(actual)).toEqual(rest(golden));
  expect(invocationEnds(actual)).toBe(invocationEnds(golden));
}
