import { describe, expect, it } from "vitest";
import {
  ChildContextError,
  MAX_ERROR_MESSAGE_CHARS,
  errorFromErrorObject,
  errorToErrorObject,
  relativizePaths,
} from "../../sdk/errors";

describe("errorToErrorObject", () => {
  it("keeps an Error's name and message and stores no stack by default", () => {
    expect(errorToErrorObject(new TypeError("x is not a function"))).toStrictEqual({
      ErrorType: "TypeError",
      ErrorMessage: "x is not a function",
    });
    class PaymentDeclined extends Error {
      override name = "PaymentDeclined";
      code = 402;
    }
    expect(errorToErrorObject(new PaymentDeclined("card declined"))).toStrictEqual({
      ErrorType: "PaymentDeclined",
      ErrorMessage: "card declined",
    });
  });

  it("uses a DurableOperationError's own ErrorObject", () => {
    expect(errorToErrorObject(new ChildContextError("branch failed", undefined, "d"))).toStrictEqual({
      ErrorType: "ChildContextError",
      ErrorMessage: "branch failed",
      ErrorData: "d",
    });
  });

  it("adds errorData only when the error has none", () => {
    expect(errorToErrorObject(new Error("x"), { errorData: "ctx" }).ErrorData).toBe("ctx");
    expect(errorToErrorObject(new ChildContextError("x", undefined, "own"), { errorData: "ctx" }).ErrorData).toBe("own");
  });

  it.each<[string, unknown, string]>([
    ["a string", "plain failure", "plain failure"],
    ["a number", 42, "42"],
    ["a boolean", false, "false"],
    ["a bigint", 10n, "10"],
    ["a symbol", Symbol("s"), "Symbol(s)"],
    ["undefined", undefined, "Non-error value thrown: undefined"],
    ["null", null, "Non-error value thrown: null"],
  ])("turns %s into an Error-typed ErrorObject", (_label, thrown, message) => {
    expect(errorToErrorObject(thrown)).toStrictEqual({ ErrorType: "Error", ErrorMessage: message });
  });

  it("uses message and name of an error-like object", () => {
    expect(errorToErrorObject({ name: "HttpError", message: "503", status: 503 })).toStrictEqual({
      ErrorType: "HttpError",
      ErrorMessage: "503",
    });
    expect(errorToErrorObject({ message: "no name" })).toStrictEqual({ ErrorType: "Error", ErrorMessage: "no name" });
  });

  it("describes plain objects as JSON, even with cycles and BigInts", () => {
    const cyclic: Record<string, unknown> = { code: 7 };
    cyclic.self = cyclic;
    expect(errorToErrorObject(cyclic)).toStrictEqual({ ErrorType: "Error", ErrorMessage: '{"code":7,"self":"[Circular]"}' });
    expect(errorToErrorObject({ amount: 12n, nested: { big: 1n } })).toStrictEqual({
      ErrorType: "Error",
      ErrorMessage: '{"amount":"12n","nested":{"big":"1n"}}',
    });
    const shared = { id: 1 };
    expect(errorToErrorObject({ a: shared, b: shared }).ErrorMessage).toBe('{"a":{"id":1},"b":{"id":1}}');
  });

  it("never throws, even for hostile values", () => {
    const throwingGetters = Object.defineProperty(new Error("x"), "message", {
      get() {
        throw new Error("getter exploded");
      },
    });
    const hostileProxy = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
        ownKeys() {
          throw new Error("trap");
        },
      },
    );
    const badToJSON = {
      toJSON() {
        throw new Error("no");
      },
    };
    const nullProto = Object.create(null) as object;
    for (const thrown of [throwingGetters, hostileProxy, badToJSON, nullProto, () => 1]) {
      const errorObject = errorToErrorObject(thrown);
      expect(typeof errorObject.ErrorType).toBe("string");
      expect(typeof errorObject.ErrorMessage).toBe("string");
    }
    expect(errorToErrorObject(throwingGetters)).toStrictEqual({ ErrorType: "Error", ErrorMessage: "" });
    expect(errorToErrorObject(badToJSON).ErrorMessage).toBe("[Unserializable value]");
  });

  it("truncates huge messages, and says so", () => {
    const errorObject = errorToErrorObject(new Error("x".repeat(MAX_ERROR_MESSAGE_CHARS + 10)));
    expect(errorObject.ErrorMessage?.startsWith("x".repeat(100))).toBe(true);
    expect(errorObject.ErrorMessage).toMatch(/\.\.\. \[truncated 10 characters\]$/);
  });

  it("with includeStack stores frames without absolute machine paths", () => {
    const error = new Error("boom");
    error.stack = [
      "Error: boom",
      `    at doWork (${process.cwd()}/handlers/order.ts:10:5)`,
      "    at run (/usr/lib/node_modules/thing/dist/index.js:1:2)",
      "    at file:///home/someone/app/main.mjs:3:4",
      "    at C:\\Users\\me\\app\\win.js:5:6",
    ].join("\n");
    const stack = errorToErrorObject(error, { includeStack: true }).StackTrace;
    expect(stack).toEqual([
      "at doWork (handlers/order.ts:10:5)",
      "at run (index.js:1:2)",
      "at main.mjs:3:4",
      "at win.js:5:6",
    ]);
    expect(JSON.stringify(stack)).not.toContain(process.cwd());
  });

  it("relativizePaths leaves relative paths alone", () => {
    expect(relativizePaths("at x (node_modules/pkg/a.js:1:1)")).toBe("at x (node_modules/pkg/a.js:1:1)");
  });
});

describe("errorFromErrorObject", () => {
  it("rebuilds a plain Error with name, message and a deterministic stack", () => {
    const error = errorFromErrorObject({ ErrorType: "TypeError", ErrorMessage: "bad" });
    expect(error).toBeInstanceOf(Error);
    expect(error.constructor).toBe(Error);
    expect(error.name).toBe("TypeError");
    expect(error.message).toBe("bad");
    expect(error.stack).toBe("TypeError: bad");
  });

  it("uses the stored stack when there is one, and defaults for missing fields", () => {
    expect(errorFromErrorObject({ ErrorType: "E", ErrorMessage: "m", StackTrace: ["at a", "at b"] }).stack).toBe("E: m\nat a\nat b");
    const empty = errorFromErrorObject({});
    expect(empty.name).toBe("Error");
    expect(empty.message).toBe("");
    expect(errorFromErrorObject(undefined).name).toBe("Error");
  });

  it("is identical on every rebuild (error determinism)", () => {
    const stored = errorToErrorObject(new RangeError("out of range"));
    const first = errorFromErrorObject(stored);
    const second = errorFromErrorObject(JSON.parse(JSON.stringify(stored)));
    expect([second.name, second.message, second.stack]).toEqual([first.name, first.message, first.stack]);
  });
});
