/**
 * The name alphabet is written once (sdk/types/wire.ts NAME_SOURCE); the ARN patterns are built
 * from it. These pin what they accept and what they refuse.
 */
import { describe, expect, it } from "vitest";
import { executionArn, functionNameOfTarget, parseExecutionArn } from "../../sdk/runtime/arns";
import { NAME_PATTERN } from "../../sdk/types/wire";

const longest = "a".repeat(64);
const tooLong = "a".repeat(65);

describe("names and ARNs", () => {
  it("accepts 1-64 letters, digits, '-' and '_' as a name, nothing else", () => {
    for (const name of ["a", "order-1_B", longest]) expect(NAME_PATTERN.test(name), name).toBe(true);
    for (const name of ["", tooLong, "a b", "a.b", "ä", "a/b"]) expect(NAME_PATTERN.test(name), name).toBe(false);
  });

  it("parses an execution ARN into its parts, qualifier or not", () => {
    const arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders:$LATEST/durable-execution/order-1/abc_2";
    expect(parseExecutionArn(arn)).toEqual({
      region: "eu-west-1",
      accountId: "123456789012",
      functionName: "orders",
      qualifier: "$LATEST",
      executionName: "order-1",
      executionId: "abc_2",
    });
    expect(parseExecutionArn("arn:aws:lambda:us-east-1:000000000000:function:orders/durable-execution/n/i")).toMatchObject({ functionName: "orders", executionId: "i" });
    expect(parseExecutionArn(executionArn("billing", "run-7", "id-7"))).toMatchObject({ functionName: "billing", executionName: "run-7", executionId: "id-7" });
  });

  it("refuses ARNs whose names break the alphabet", () => {
    const base = "arn:aws:lambda:us-east-1:000000000000:function:";
    for (const arn of [
      `${base}${tooLong}/durable-execution/n/i`,
      `${base}fn/durable-execution/${tooLong}/i`,
      `${base}fn/durable-execution/n/a.b`,
      `${base}fn/durable-execution/n/i/extra`,
      `arn:aws:lambda:us-east-1:123:function:fn/durable-execution/n/i`,
    ]) {
      expect(parseExecutionArn(arn), arn).toBeUndefined();
    }
  });

  it("finds the function a chained invoke names: plain, qualified or by ARN", () => {
    expect(functionNameOfTarget("orders")).toBe("orders");
    expect(functionNameOfTarget("orders:prod")).toBe("orders");
    expect(functionNameOfTarget("arn:aws:lambda:us-east-1:000000000000:function:orders")).toBe("orders");
    expect(functionNameOfTarget("arn:aws:lambda:us-east-1:000000000000:function:orders:7")).toBe("orders");
    for (const target of ["", tooLong, "or ders", "arn:aws:lambda:us-east-1:1:function:orders"]) expect(functionNameOfTarget(target), target).toBeUndefined();
  });
});
