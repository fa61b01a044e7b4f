/** Invoke: starting durable executions, synchronously and not, idempotent by name and input. */
import {
  DurableExecutionAlreadyStartedException,
  GetDurableExecutionCommand,
  InvalidParameterValueException,
  InvalidRequestContentException,
  InvokeCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { eventually, rejection, type AwsHarness } from "../harness";

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

export function invokeSuite(harness: () => AwsHarness): void {
  describe("Invoke", () => {
    let h: AwsHarness;
    beforeAll(() => {
      h = harness();
    });

    it("RequestResponse waits for the end and answers the result, with the execution's ARN", async () => {
      const out = await h.lambda.send(new InvokeCommand({ FunctionName: "add", Payload: json({ a: 2, b: 3 }) }));
      expect(out.StatusCode).toBe(200);
      expect(out.FunctionError).toBeUndefined();
      expect(text(out.Payload)).toBe("10");
      expect(out.ExecutedVersion).toBe("$LATEST");
      expect(out.DurableExecutionArn).toMatch(/^arn:aws:lambda:us-east-1:\d{12}:function:add:\$LATEST\/durable-execution\//);
      const execution = await h.store.executions.get(out.DurableExecutionArn!.split("/").pop()!);
      expect(execution?.status).toBe("SUCCEEDED");
    });

    it("reports a failed execution as an unhandled function error", async () => {
      const out = await h.lambda.send(new InvokeCommand({ FunctionName: "refuse", Payload: json({ why: "out of stock" }) }));
      expect(out.StatusCode).toBe(200);
      expect(out.FunctionError).toBe("Unhandled");
      expect(JSON.parse(text(out.Payload))).toMatchObject({ errorType: "OrderRefused", errorMessage: "out of stock" });
    });

    it("Event answers 202 at once; a name makes it idempotent for the same input and refused for another", async () => {
      const name = `order-${Date.now()}`;
      const first = await h.lambda.send(new InvokeCommand({ FunctionName: "add", InvocationType: "Event", DurableExecutionName: name, Payload: json({ a: 1, b: 1 }) }));
      expect(first.StatusCode).toBe(202);
      expect(first.DurableExecutionArn).toContain(`/durable-execution/${name}/`);
      const again = await h.lambda.send(new InvokeCommand({ FunctionName: "add", InvocationType: "Event", DurableExecutionName: name, Payload: json({ a: 1, b: 1 }) }));
      expect(again.DurableExecutionArn).toBe(first.DurableExecutionArn);
      const other = await rejection(
        h.lambda.send(new InvokeCommand({ FunctionName: "add", InvocationType: "Event", DurableExecutionName: name, Payload: json({ a: 9, b: 9 }) })),
      );
      expect(other).toBeInstanceOf(DurableExecutionAlreadyStartedException);
      const done = await eventually(
        () => h.lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: first.DurableExecutionArn })),
        (e) => e.Status !== "RUNNING",
      );
      expect([done.Status, done.Result, done.DurableExecutionName]).toEqual(["SUCCEEDED", "4", name]);
    });

    it("refuses an unknown function, a payload that is not JSON and a bad execution name, starting nothing", async () => {
      const before = (await h.store.executions.list({ limit: 1000 })).items.length;
      const missing = await rejection(h.lambda.send(new InvokeCommand({ FunctionName: "no-such-function", InvocationType: "Event" })));
      expect(missing).toBeInstanceOf(ResourceNotFoundException);
      const notJson = await rejection(h.lambda.send(new InvokeCommand({ FunctionName: "add", InvocationType: "Event", Payload: new TextEncoder().encode("{nope") })));
      expect(notJson).toBeInstanceOf(InvalidRequestContentException);
      const badName = await rejection(h.lambda.send(new InvokeCommand({ FunctionName: "add", InvocationType: "Event", DurableExecutionName: "bad name!" })));
      expect(badName).toBeInstanceOf(InvalidParameterValueException);
      const otherVersion = await rejection(h.lambda.send(new InvokeCommand({ FunctionName: "add", Qualifier: "7", InvocationType: "Event" })));
      expect(otherVersion).toBeInstanceOf(ResourceNotFoundException);
      const dry = await h.lambda.send(new InvokeCommand({ FunctionName: "add", InvocationType: "DryRun" }));
      expect(dry.StatusCode).toBe(204);
      expect((await h.store.executions.list({ limit: 1000 })).items.length).toBe(before);
    });
  });
}
