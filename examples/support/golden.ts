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

/**
 * Compares a run's history with the stored golden history (`<example>.history.json`).
 * `UPDATE_GOLDEN=1 npx vitest run examples` rewrites the files after an intended change.
 */
export function expectGoldenHistory(events: HistoryEvent[], goldenFile: string): void {
  const actual = eventSignatures(events);
  if (process.env.UPDATE_GOLDEN === "1" || !fs.existsSync(goldenFile)) {
    if (process.env.CI && !fs.existsSync(goldenFile)) throw new Error(`golden history ${goldenFile} is missing`);
    // One event per line: a changed history reads as a changed line in review.
    fs.writeFileSync(goldenFile, `[\n${actual.map((e) => `  ${JSON.stringify(e)}`).join(",\n")}\n]\n`);
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
