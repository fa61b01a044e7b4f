/** SendDurableExecutionCallbackSuccess / Failure / Heartbeat, answered to a waiting execution. */
import {
  CallbackTimeoutException,
  GetDurableExecutionCommand,
  InvokeCommand,
  ResourceNotFoundException,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { eventually, rejection, type AwsHarness } from "../harness";

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

export function callbacksSuite(harness: () => AwsHarness): void {
  describe("callbacks", () => {
    let h: AwsHarness;
    beforeAll(() => {
      h = harness();
    });

    /** Starts `approve` and answers its execution's ARN and the callback id it waits on. */
    async function waitingApproval(order: string): Promise<{ arn: string; callbackId: string; executionId: string }> {
      const started = await h.lambda.send(new InvokeCommand({ FunctionName: "approve", InvocationType: "Event", Payload: json({ order }) }));
      const arn = started.DurableExecutionArn!;
      const executionId = arn.split("/").pop()!;
      const ops = await eventually(
        () => h.store.operations.list(executionId),
        (list) => list.some((r) => r.operation.Type === "CALLBACK" && r.operation.Status === "STARTED"),
      );
      const callbackId = ops.find((r) => r.operation.Type === "CALLBACK")!.operation.CallbackDetails!.CallbackId!;
      return { arn, callbackId, executionId };
    }

    const finished = (h: AwsHarness, arn: string) =>
      eventually(
        () => h.lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn })),
        (e) => e.Status !== "RUNNING",
      );

    it("success (after a heartbeat) ends the wait with the result; a second answer is refused; both are audited", async () => {
      const { arn, callbackId, executionId } = await waitingApproval("o-1");
      await h.lambda.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
      await h.lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: new TextEncoder().encode("approved") }));
      const done = await finished(h, arn);
      expect([done.Status, done.Result]).toEqual(["SUCCEEDED", JSON.stringify({ order: "o-1", answer: "approved" })]);
      const late = await rejection(h.lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: new TextEncoder().encode('"again"') })));
      expect(late).toBeInstanceOf(CallbackTimeoutException);
      const records = (await h.store.audit.list({})).items.filter((r) => r.callbackId === callbackId);
      expect(records.map((r) => [r.action, r.outcome, r.executionId])).toEqual([
        ["callback.succeed", "failed", executionId],
        ["callback.succeed", "succeeded", executionId],
        ["callback.heartbeat", "succeeded", executionId],
      ]);
    });

    it("failure fails the wait with the error sent", async () => {
      const { arn, callbackId } = await waitingApproval("o-2");
      await h.lambda.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: { ErrorType: "Rejected", ErrorMessage: "no budget" } }));
      const done = await finished(h, arn);
      expect(done.Status).toBe("FAILED");
      expect(done.Error?.ErrorMessage).toContain("no budget");
    });

    it("an unknown callback id is ResourceNotFound, a malformed one InvalidParameterValue", async () => {
      const unknown = await rejection(h.lambda.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })));
      expect(unknown).toBeInstanceOf(ResourceNotFoundException);
      const malformed = await rejection(h.lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: "not a callback id!" })));
      expect(malformed.name).toBe("InvalidParameterValueException");
    });
  });
}
