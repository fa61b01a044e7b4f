/**
 * GetDurableExecutionState and CheckpointDurableExecution as a handler in its own process sends
 * them: the token read, committed under, rotated and fenced; ClientToken retries; refusals.
 */
import {
  CheckpointDurableExecutionCommand,
  GetDurableExecutionStateCommand,
  InvalidParameterValueException,
  ResourceNotFoundException,
  type OperationUpdate,
} from "@aws-sdk/client-lambda";
import { withDurableExecution as withOfficialDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";
import { beforeAll, describe, expect, it } from "vitest";
import { REMOTE_FUNCTION, rejection, type AwsHarness } from "../harness";

async function claimedRemoteExecution(h: AwsHarness, input = '{"n":1}') {
  const { execution } = await h.client.startExecution({ functionName: REMOTE_FUNCTION, input });
  const token = await h.claim(execution.executionId);
  return { arn: execution.arn, executionId: execution.executionId, token };
}

const step = (id: string, action: "START" | "SUCCEED", payload?: string): OperationUpdate => ({
  Id: id,
  Type: "STEP",
  SubType: "Step",
  Action: action,
  ...(action === "START" ? { Name: id } : {}),
  ...(payload !== undefined ? { Payload: payload } : {}),
});

export function checkpointSuite(harness: () => AwsHarness): void {
  describe("GetDurableExecutionState and CheckpointDurableExecution", () => {
    let h: AwsHarness;
    beforeAll(() => {
      h = harness();
    });

    it("read the state with the token, checkpoint under it, rotate it and fence the old one", async () => {
      const { arn, token } = await claimedRemoteExecution(h);
      const state = await h.lambda.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: token }));
      expect(state.Operations?.map((op) => op.Type)).toEqual(["EXECUTION"]);
      expect(state.Operations?.[0]?.ExecutionDetails?.InputPayload).toBe('{"n":1}');
      expect(state.Operations?.[0]?.StartTimestamp).toBeInstanceOf(Date);

      const first = await h.lambda.send(
        new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [step("a", "START"), step("a", "SUCCEED", "42")] }),
      );
      expect(first.CheckpointToken).toBeTruthy();
      expect(first.CheckpointToken).not.toBe(token);
      const op = first.NewExecutionState?.Operations?.[0];
      expect([op?.Id, op?.Status, op?.StepDetails?.Result]).toEqual(["a", "SUCCEEDED", "42"]);
      expect(op?.EndTimestamp).toBeInstanceOf(Date);

      const stale = await rejection(h.lambda.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [step("b", "START")] })));
      expect(stale).toBeInstanceOf(InvalidParameterValueException);
      expect(stale.message).toMatch(/^Invalid Checkpoint Token/);
      const staleRead = await rejection(h.lambda.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: token })));
      expect(staleRead).toBeInstanceOf(InvalidParameterValueException);

      const after = await h.lambda.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: first.CheckpointToken!, MaxItems: 1 }));
      expect(after.Operations?.map((o) => o.Id)).toHaveLength(1);
      const rest = await h.lambda.send(
        new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: first.CheckpointToken!, Marker: after.NextMarker }),
      );
      expect(rest.Operations?.map((o) => [o.Id, o.Status])).toEqual([["a", "SUCCEEDED"]]);
      expect(rest.NextMarker).toBeUndefined();
      expect(await h.store.operations.get((await h.store.executions.get(arn.split("/").pop()!))!.executionId, "b")).toBeUndefined();
    });

    it("de-duplicate a retried checkpoint by ClientToken and refuse the token reused for another request", async () => {
      const { arn, executionId, token } = await claimedRemoteExecution(h);
      const send = (updates: OperationUpdate[]) =>
        h.lambda.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, ClientToken: "retry-1", Updates: updates }));
      const first = await send([step("a", "START")]);
      const again = await send([step("a", "START")]);
      expect(again.CheckpointToken).toBe(first.CheckpointToken);
      const events = await h.store.history.list(executionId, { limit: 100 });
      expect(events.items.filter((e) => e.EventType === "StepStarted")).toHaveLength(1);
      const reused = await rejection(send([step("other", "START")]));
      expect(reused).toBeInstanceOf(InvalidParameterValueException);
      expect(await h.store.operations.get(executionId, "other")).toBeUndefined();
    });

    it("refuse an invalid update, an unknown execution and a malformed ARN with the service's exceptions, changing nothing", async () => {
      const { arn, executionId, token } = await claimedRemoteExecution(h);
      const before = await h.store.executions.get(executionId);
      const invalid = await rejection(
        h.lambda.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [{ Id: "x", Type: "STEP", Action: "CANCEL" }] })),
      );
      expect(invalid).toBeInstanceOf(InvalidParameterValueException);
      expect(invalid.$metadata?.httpStatusCode).toBe(400);
      expect((await h.store.executions.get(executionId))?.version).toBe(before?.version);

      const unknownArn = arn.replace(executionId, "00000000-0000-4000-8000-000000000000");
      const missing = await rejection(h.lambda.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: unknownArn, CheckpointToken: token })));
      expect(missing).toBeInstanceOf(ResourceNotFoundException);
      const malformed = await rejection(h.lambda.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: "arn:not:durable", CheckpointToken: token })));
      expect(malformed).toBeInstanceOf(InvalidParameterValueException);
    });

    it("carry an official-SDK handler (its own DurableExecutionApiClient over a LambdaClient) through steps to a wait", async () => {
      const { arn, executionId, token } = await claimedRemoteExecution(h, '{"n":20}');
      const operations = (await h.store.operations.list(executionId)).map((r) => r.operation);
      const handler = withOfficialDurableExecution(
        async (input: { n: number }, ctx: DurableContext) => {
          const doubled = await ctx.step("double", async () => input.n * 2);
          await ctx.wait("pause", { seconds: 5 });
          return doubled + 1;
        },
        { client: h.lambda },
      );
      const context = { awsRequestId: "req-official", functionName: REMOTE_FUNCTION, getRemainingTimeInMillis: () => 60_000 };
      const output = (await handler(
        { DurableExecutionArn: arn, CheckpointToken: token, InitialExecutionState: { Operations: operations } } as never,
        context as never,
      )) as { Status: string };
      expect(output.Status).toBe("PENDING");
      const stored = await h.store.operations.list(executionId);
      const double = stored.find((r) => r.operation.Name === "double")!.operation;
      expect([double.Type, double.Status, double.StepDetails?.Result]).toEqual(["STEP", "SUCCEEDED", "40"]);
      const pause = stored.find((r) => r.operation.Name === "pause")!.operation;
      expect([pause.Type, pause.Status]).toEqual(["WAIT", "STARTED"]);
      expect((await h.store.executions.get(executionId))?.checkpointToken).not.toBe(token);
    });
  });
}
