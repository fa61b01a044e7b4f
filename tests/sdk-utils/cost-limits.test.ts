/**
 * Each cost figure against Lambda's limit, and the warning thresholds (lambda-limits.ts): a
 * figure at 80% of its limit is warned about, one past it is "over", one just under 80% is not.
 */
import { describe, expect, it } from "vitest";
import { LAMBDA_LIMITS, WARNING_RATIO, limitLevel } from "../../sdk/runtime/cost/lambda-limits";
import { costWarnings, limitChecks } from "../../sdk/runtime/cost/limit-checks";
import { emptyFigures } from "../../sdk/runtime/cost/figures";
import { formatBytes, formatLimitValue, formatMoney, formatQuantity, formatRatio } from "../../lib/cost-format";

const figures = (over: Partial<ReturnType<typeof emptyFigures>>) => ({ ...emptyFigures(), ...over });

describe("cost limits and warnings", () => {
  it("states Lambda's limits", () => {
    expect(LAMBDA_LIMITS).toMatchObject({
      invocationMs: 900_000,
      operationPayloadBytes: 1024 * 1024,
      executionInputBytes: 6 * 1024 * 1024,
      executionResultBytes: 6 * 1024 * 1024,
      historyOperations: 25_000,
      executionLifetimeMs: 366 * 86_400_000,
    });
    expect(WARNING_RATIO).toBe(0.8);
    expect([limitLevel(0.79), limitLevel(0.8), limitLevel(1), limitLevel(1.01)]).toEqual(["ok", "warning", "warning", "over"]);
  });

  it("warns at 80% of the history Lambda keeps, and not below", () => {
    const at = costWarnings(limitChecks(figures({ operations: 20_000 })));
    expect(at).toEqual([{ limit: "history", level: "warning", message: "Near the limit: this execution's history is at 80% of the 25,000 operations Lambda keeps" }]);
    expect(costWarnings(limitChecks(figures({ operations: 19_999 })))).toEqual([]);
  });

  it("puts a figure past its limit first, and measures lifetime against the execution's own timeout", () => {
    const checks = limitChecks(figures({ longestInvocationMs: 16 * 60_000, lifetimeMs: 90_000, largestOperationPayloadBytes: 900 * 1024 }), 100);
    expect(checks.find((c) => c.limit === "lifetime")).toMatchObject({ value: 90_000, max: 100_000, ratio: 0.9, level: "warning" });
    expect(checks.find((c) => c.limit === "invocation")).toMatchObject({ level: "over" });
    const warnings = costWarnings(checks);
    expect(warnings.map((w) => [w.limit, w.level])).toEqual([
      ["invocation", "over"],
      ["lifetime", "warning"],
      ["operationPayload", "warning"],
    ]);
    expect(warnings[0].message).toBe("Over the limit: this execution's longest invocation ran 106% of the 15 minutes Lambda allows one invocation");
    expect(warnings[1].message).toBe("Near the limit: this execution has lived 90% of the 1.7 minutes Lambda lets it run");
    expect(warnings[2].message).toBe("Near the limit: this execution's largest operation payload is 87% of the 1 MB Lambda stores for one operation");
    // Without a timeout of its own, an execution may live 366 days.
    expect(limitChecks(figures({ lifetimeMs: 90_000 })).find((c) => c.limit === "lifetime")).toMatchObject({ max: 366 * 86_400_000, level: "ok" });
  });
});

describe("how cost figures read (console and CLI)", () => {
  it("writes fractions of a cent out in decimals, never as $0.00 or in exponent form", () => {
    expect(formatMoney(6e-7, "USD")).toBe("$0.000000600");
    expect(formatMoney(7.3e-5, "USD")).toBe("$0.0000730");
    expect(formatMoney(1.23456, "USD")).toBe("$1.2346");
    expect(formatMoney(0, "USD")).toBe("$0");
    expect(formatQuantity(6.258e-7)).toBe("0.0000006258");
    expect(formatQuantity(25_000)).toBe("25,000");
  });

  it("writes a limit's value in its unit", () => {
    expect(formatLimitValue({ unit: "ms" }, 900_000)).toBe("15m 00s");
    expect(formatLimitValue({ unit: "bytes" }, 1024 * 1024)).toBe("1.0 MB");
    expect(formatLimitValue({ unit: "operations" }, 25_000)).toBe("25,000");
    expect(formatBytes(672)).toBe("672 bytes");
    expect([formatRatio(0.002), formatRatio(0.8), formatRatio(1.06)]).toEqual(["0.2%", "80%", "106%"]);
  });
});
