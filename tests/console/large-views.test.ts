/**
 * What keeps the big views fast and readable: nested JSON shown expanded, operation subtrees for
 * the history's operation filter, descendant counts for a 50,000-operation map in one pass, the
 * windowing arithmetic, and the history paging helpers.
 */
import { describe, expect, it } from "vitest";
import { rowAt } from "@/components/ui/use-windowed-rows";
import { summarizeEvent } from "@/lib/event-summary";
import { expandNestedJson, prettyJson } from "@/lib/format";
import { flattenHistory, hasMoreStoredPages, lambdaHistoryDocument, lastEventIdOf } from "@/lib/history-pages";
import { buildOperationTree, descendantIds, flattenTree } from "@/lib/operation-tree";
import type { HistoryEvent, OperationView } from "@/lib/types";

describe("nested JSON", () => {
  it("expands JSON held in strings, recursively, and counts what it expanded", () => {
    const receipt = JSON.stringify({ receiptId: "r-1", lines: [{ sku: "KB-01" }] });
    const payload = JSON.stringify({ orderId: "A-1", receipt });
    const event = JSON.stringify({ EventType: "StepSucceeded", StepSucceededDetails: { Result: { Payload: payload } } });
    const { value, expanded } = expandNestedJson(JSON.parse(event));
    expect(expanded).toBe(2);
    expect(value).toEqual({
      EventType: "StepSucceeded",
      StepSucceededDetails: { Result: { Payload: { orderId: "A-1", receipt: { receiptId: "r-1", lines: [{ sku: "KB-01" }] } } } },
    });
    const shown = prettyJson(event, { expandNested: true });
    expect(shown.nested).toBe(2);
    expect(shown.pretty).toContain('"receiptId": "r-1"');
    // As stored, the payload stays one string.
    expect(prettyJson(event).pretty).toContain('"Payload": "{\\"orderId\\"');
  });

  it("previews event payloads with their nested JSON expanded, in one line", () => {
    const payload = JSON.stringify(JSON.stringify({ approved: true, comment: "ok" }));
    const event = { EventId: 9, EventType: "ContextSucceeded", EventTimestamp: "2026-01-01T00:00:00.000Z", ContextSucceededDetails: { Result: { Payload: payload } } } as HistoryEvent;
    expect(summarizeEvent(event)).toBe('result {"approved":true,"comment":"ok"}');
  });

  it("leaves strings that only look like JSON, and plain values, alone", () => {
    const { value, expanded } = expandNestedJson({ a: "{not json}", b: "[1, 2", c: "42", d: "true", e: "  ", f: null, g: "[]" });
    expect(expanded).toBe(1);
    expect(value).toEqual({ a: "{not json}", b: "[1, 2", c: "42", d: "true", e: "  ", f: null, g: [] });
  });
});

let seq = 0;
const op = (Id: string, Type: OperationView["Type"], ParentId?: string): OperationView => ({
  Id,
  Type,
  ParentId,
  Status: "SUCCEEDED",
  StartTimestamp: "2026-01-01T00:00:00.000Z",
  Seq: ++seq,
});

describe("operation subtrees at scale", () => {
  const map = [op("exec", "EXECUTION"), op("map", "CONTEXT")];
  for (let i = 0; i < 25_000; i++) map.push(op(`it-${i}`, "CONTEXT", "map"), op(`step-${i}`, "STEP", `it-${i}`));

  it("finds every descendant of an operation and nothing else", () => {
    expect(descendantIds("it-7", map)).toEqual(["step-7"]);
    expect(descendantIds("step-7", map)).toEqual([]);
    const all = descendantIds("map", map);
    expect(all).toHaveLength(50_000);
    expect(new Set(all).size).toBe(50_000);
  });

  it("flattens a 50,000-operation map with descendant counts", () => {
    const rows = flattenTree(buildOperationTree(map), new Set());
    expect(rows).toHaveLength(50_001);
    expect(rows[0]).toMatchObject({ depth: 0, descendantCount: 50_000, hasChildren: true });
    expect(rows[1]).toMatchObject({ depth: 1, descendantCount: 1 });
    expect(flattenTree(buildOperationTree(map), new Set(["map"]))).toHaveLength(1);
  });
});

describe("windowing", () => {
  it("finds the row at a scroll offset by binary search over exact offsets", () => {
    // Rows of 36 px, the third one expanded by 276 px.
    const heights = [36, 36, 312, 36, 36];
    const offsets = new Float64Array(heights.length + 1);
    heights.forEach((h, i) => (offsets[i + 1] = offsets[i]! + h));
    expect(rowAt(offsets, 0)).toBe(0);
    expect(rowAt(offsets, 71)).toBe(1);
    expect(rowAt(offsets, 72)).toBe(2);
    expect(rowAt(offsets, 383)).toBe(2);
    expect(rowAt(offsets, 384)).toBe(3);
    expect(rowAt(offsets, 10_000)).toBe(5);
  });
});

describe("history pages", () => {
  const event = (EventId: number): HistoryEvent => ({ EventId, EventType: "StepStarted", EventTimestamp: "2026-01-01T00:00:00.000Z" });
  it("knows the last event held, whether stored pages remain, and writes the Lambda export shape", () => {
    const pages = [{ events: [event(1), event(2)], nextCursor: 2 }, { events: [event(3)] }, { events: [] }];
    expect(lastEventIdOf(pages)).toBe(3);
    expect(lastEventIdOf([])).toBe(0);
    expect(hasMoreStoredPages(pages)).toBe(false);
    expect(hasMoreStoredPages(pages.slice(0, 1))).toBe(true);
    expect(flattenHistory(pages).map((e) => e.EventId)).toEqual([1, 2, 3]);
    expect(JSON.parse(JSON.stringify(lambdaHistoryDocument(flattenHistory(pages))))).toEqual({ Events: [event(1), event(2), event(3)] });
  });
});
