/** The golden-history check reads its file and never writes it, unless UPDATE_GOLDEN=1 asks. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HistoryEvent } from "../../sdk";
import { expectGoldenHistory, UPDATE_GOLDEN_COMMAND } from "./golden";

const events = [
  { EventType: "ExecutionStarted", EventId: 1, Id: "e", EventTimestamp: "2026-01-01T00:00:00.000Z" },
  { EventType: "StepStarted", EventId: 2, Id: "s", SubType: "Step", Name: "charge", EventTimestamp: "2026-01-01T00:00:01.000Z" },
] as HistoryEvent[];

let dir: string;
let goldenFile: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-golden-"));
  goldenFile = path.join(dir, "example.history.json");
  vi.stubEnv("UPDATE_GOLDEN", "");
});

afterEach(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("expectGoldenHistory", () => {
  it("fails on a missing golden file, says how to create it, and creates nothing", () => {
    expect(() => expectGoldenHistory(events, goldenFile)).toThrow(UPDATE_GOLDEN_COMMAND);
    expect(fs.existsSync(goldenFile)).toBe(false);
  });

  it("compares against the file as it is and leaves it untouched", () => {
    const stale = `[\n  {"EventType":"ExecutionStarted"}\n]\n`;
    fs.writeFileSync(goldenFile, stale);
    expect(() => expectGoldenHistory(events, goldenFile)).toThrow();
    expect(fs.readFileSync(goldenFile, "utf8")).toBe(stale);
  });

  it("with UPDATE_GOLDEN=1 writes the run's history, one event per line, which then passes", () => {
    vi.stubEnv("UPDATE_GOLDEN", "1");
    expectGoldenHistory(events, goldenFile);
    expect(fs.readFileSync(goldenFile, "utf8")).toBe(
      `[\n  {"EventType":"ExecutionStarted"},\n  {"EventType":"StepStarted","SubType":"Step","Name":"charge"}\n]\n`,
    );
    vi.stubEnv("UPDATE_GOLDEN", "");
    expectGoldenHistory(events, goldenFile);
  });
});
