import { describe, expect, it } from "vitest";
import { durationToSeconds, InvalidDurationError } from "../../sdk/utils/duration";
import type { Duration } from "../../sdk/types/api";

describe("durationToSeconds", () => {
  it("sums every unit", () => {
    expect(durationToSeconds({ seconds: 30 })).toBe(30);
    expect(durationToSeconds({ minutes: 2, seconds: 5 })).toBe(125);
    expect(durationToSeconds({ hours: 1, minutes: 1, seconds: 1 })).toBe(3661);
    expect(durationToSeconds({ days: 1, hours: 2 })).toBe(93_600);
  });

  it("accepts zero and ignores units explicitly set to undefined", () => {
    expect(durationToSeconds({ seconds: 0 })).toBe(0);
    expect(durationToSeconds({ minutes: 1, seconds: undefined })).toBe(60);
  });

  it.each([
    [{}, /at least one of days, hours, minutes, seconds/],
    [{ seconds: undefined }, /at least one/],
    [{ seconds: 1.5 }, /"seconds" must be a whole number >= 0, got 1.5/],
    [{ minutes: -1 }, /"minutes" must be a whole number >= 0, got -1/],
    [{ hours: Number.NaN }, /"hours" must be a whole number/],
    [{ days: Infinity }, /"days" must be a whole number/],
    [{ seconds: "5" }, /"seconds" must be a whole number >= 0, got "5"/],
    [{ secs: 5 }, /unknown field "secs"/],
    [{ seconds: 5, milliseconds: 10 }, /unknown field "milliseconds"/],
  ])("rejects %j", (input, message) => {
    expect(() => durationToSeconds(input as unknown as Duration)).toThrow(message);
  });

  it.each([null, undefined, 5, "5s", [5]])("rejects the non-object %j", (input) => {
    expect(() => durationToSeconds(input as unknown as Duration)).toThrow(/expected an object such as \{ seconds: 30 \}/);
  });

  it("throws a typed TypeError", () => {
    let caught: unknown;
    try {
      durationToSeconds({ seconds: -5 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidDurationError);
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).name).toBe("InvalidDurationError");
  });
});
