import { describe, expect, it } from "vitest";
import { countFilters, dateRangeProblem, filtersToSearchParams, parseFilters, parseFiltersStrict } from "@/lib/filters";

describe("executions list URL filters", () => {
  it("reads comma-separated statuses, function, search and an ISO range", () => {
    const params = new URLSearchParams("status=failed,STOPPED&function=order-processing&q=order-&from=2026-01-01T00:00:00Z&to=2026-02-01T10:00:00%2B01:00");
    const { filters, problems } = parseFilters(params);
    expect(problems).toEqual([]);
    expect(filters).toEqual({
      statuses: ["FAILED", "STOPPED"],
      functionName: "order-processing",
      q: "order-",
      from: "2026-01-01T00:00:00.000Z",
      to: "2026-02-01T09:00:00.000Z",
    });
  });

  it("round-trips through the URL form", () => {
    const filters = { statuses: ["RUNNING" as const], functionName: "fan-out", order: "asc" as const, cursor: "abc" };
    expect(parseFilters(filtersToSearchParams(filters)).filters).toEqual(filters);
  });

  it("is strict for the API and lenient for pages", () => {
    const params = new URLSearchParams("status=DONE&function=fan-out&from=yesterday");
    const strict = parseFiltersStrict(params);
    expect(strict.ok).toBe(false);
    if (!strict.ok) expect(strict.problems.map((p) => p.param).sort()).toEqual(["from", "status"]);
    const lenient = parseFilters(params);
    expect(lenient.filters).toEqual({ functionName: "fan-out" });
    expect(lenient.problems).toHaveLength(2);
  });

  it("a from later than its to is a problem for the API, and kept as typed for the page to point out", () => {
    const params = new URLSearchParams("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z&q=x");
    expect(parseFiltersStrict(params)).toEqual({ ok: false, problems: [{ param: "from", message: "is later than to" }] });
    const lenient = parseFilters(params);
    expect(lenient).toEqual({ filters: { q: "x", from: "2026-03-02T00:00:00.000Z", to: "2026-03-01T00:00:00.000Z" }, problems: [] });
    expect(dateRangeProblem(lenient.filters)).toBe("is later than to");
    expect(dateRangeProblem({ from: "2026-03-01T00:00:00.000Z", to: "2026-03-01T00:00:00.000Z" })).toBeUndefined();
    expect(dateRangeProblem({ from: "2026-03-02T00:00:00.000Z" })).toBeUndefined();
    expect(parseFiltersStrict(new URLSearchParams("from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z")).ok).toBe(true);
  });

  it("accepts server searchParams records (first value wins) and drops empty values", () => {
    expect(parseFilters({ status: ["FAILED", "RUNNING"], q: "", function: undefined }).filters).toEqual({ statuses: ["FAILED"] });
  });

  it("counts ignore paging, order and status", () => {
    expect(countFilters({ statuses: ["FAILED"], cursor: "x", order: "asc", q: "a" })).toEqual({ q: "a" });
  });
});
