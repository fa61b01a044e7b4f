/** ListDurableExecutionsByFunction, GetDurableExecution, GetDurableExecutionHistory, StopDurableExecution. */
import {
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvokeCommand,
  ListDurableExecutionsByFunctionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  StopDurableExecutionCommand,
  type Event,
  type Execution,
} from "@aws-sdk/client-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { eventually, rejection, type AwsHarness } from "../harness";

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
/** The function ARN (with its qualifier) at the head of a durable execution ARN. */
const functionArnOf = (executionArn: string) => executionArn.split("/")[0]!;

export function executionsSuite(harness: () => AwsHarness): void {
  describe("executions: list, get, history, stop", () => {
    let h: AwsHarness;
    const run = `x${Date.now().toString(36)}`;
    const arns: string[] = [];
    beforeAll(async () => {
      h = harness();
      for (let i = 1; i <= 5; i++) {
        const out = await h.lambda.send(new InvokeCommand({ FunctionName: "add", DurableExecutionName: `${run}-${i}`, Payload: json({ a: i, b: 0 }) }));
        arns.push(out.DurableExecutionArn!);
      }
    });

    async function listAll(query: Record<string, unknown>): Promise<Execution[]> {
      const all: Execution[] = [];
      let marker: string | undefined;
      do {
        const page = await h.lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "add", DurableExecutionName: run, Marker: marker, ...query }));
        expect(page.DurableExecutions!.length).toBeLessThanOrEqual((query.MaxItems as number | undefined) ?? 100);
        all.push(...page.DurableExecutions!);
        marker = page.NextMarker;
      } while (marker);
      return all;
    }

    it("lists by function oldest first, pages with Marker and MaxItems, and reverses on ReverseOrder", async () => {
      const paged = await listAll({ MaxItems: 2 });
      expect(paged.map((e) => e.DurableExecutionArn)).toEqual(arns);
      expect(paged[0]).toMatchObject({ DurableExecutionName: `${run}-1`, Status: "SUCCEEDED", FunctionArn: expect.stringMatching(/:function:add$/) });
      expect(paged[0]!.StartTimestamp).toBeInstanceOf(Date);
      expect(paged[0]!.EndTimestamp).toBeInstanceOf(Date);
      const reversed = await listAll({ ReverseOrder: true, MaxItems: 3 });
      expect(reversed.map((e) => e.DurableExecutionArn)).toEqual([...arns].reverse());
    });

    it("filters by name, status and start time, and refuses an unknown function", async () => {
      expect((await listAll({ DurableExecutionName: `${run}-3` })).map((e) => e.DurableExecutionArn)).toEqual([arns[2]]);
      expect(await listAll({ Statuses: ["RUNNING", "FAILED"] })).toEqual([]);
      expect(await listAll({ Statuses: ["SUCCEEDED"] })).toHaveLength(5);
      const third = (await h.lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arns[2] }))).StartTimestamp!;
      const fourth = (await h.lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arns[3] }))).StartTimestamp!;
      const between = await listAll({ StartedAfter: new Date(third.getTime() - 1), StartedBefore: new Date(fourth.getTime() + 1) });
      expect(between.map((e) => e.DurableExecutionArn)).toEqual([arns[2], arns[3]]);
      expect(await listAll({ Qualifier: "3" })).toEqual([]);
      const byArn = await h.lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: functionArnOf(arns[0]!), DurableExecutionName: run }));
      expect(byArn.DurableExecutions).toHaveLength(5);
      const missing = await rejection(h.lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "no-such-function" })));
      expect(missing).toBeInstanceOf(ResourceNotFoundException);
    });

    it("gets an execution with its data, or without it on IncludeExecutionData=false", async () => {
      const full = await h.lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arns[1] }));
      expect(full).toMatchObject({ DurableExecutionName: `${run}-2`, Status: "SUCCEEDED", InputPayload: '{"a":2,"b":0}', Result: "4", Version: "$LATEST" });
      const compact = await h.lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arns[1], IncludeExecutionData: false }));
      expect(compact.Status).toBe("SUCCEEDED");
      expect(compact.InputPayload).toBeUndefined();
      expect(compact.Result).toBeUndefined();
      const otherArn = arns[1]!.replace(/[^/]+$/, "00000000-0000-4000-8000-000000000000");
      expect(await rejection(h.lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: otherArn })))).toBeInstanceOf(ResourceNotFoundException);
      // The id alone is not enough: the whole ARN (function, name) must be the execution's.
      const wrongName = arns[1]!.replace(`/${run}-2/`, `/${run}-9/`);
      expect(await rejection(h.lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: wrongName })))).toBeInstanceOf(ResourceNotFoundException);
    });

    it("pages the history forward and in reverse, with or without execution data", async () => {
      const arn = arns[0]!;
      const events: Event[] = [];
      let marker: string | undefined;
      do {
        const page = await h.lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, MaxItems: 2, Marker: marker }));
        expect(page.Events!.length).toBeLessThanOrEqual(2);
        events.push(...page.Events!);
        marker = page.NextMarker;
      } while (marker);
      expect(events.map((e) => e.EventId)).toEqual(events.map((_, i) => i + 1));
      expect(events[0]).toMatchObject({ EventType: "ExecutionStarted", ExecutionStartedDetails: { Input: { Payload: '{"a":1,"b":0}' } } });
      expect(events[0]!.EventTimestamp).toBeInstanceOf(Date);
      expect(events.at(-1)).toMatchObject({ EventType: "ExecutionSucceeded", ExecutionSucceededDetails: { Result: { Payload: "2" } } });
      expect(events.filter((e) => e.EventType === "StepSucceeded")).toHaveLength(2);

      const newest = await h.lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, ReverseOrder: true, MaxItems: 1 }));
      expect(newest.Events!.map((e) => e.EventId)).toEqual([events.length]);
      const older = await h.lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, ReverseOrder: true, Marker: newest.NextMarker }));
      expect(older.Events!.map((e) => e.EventId)).toEqual(events.slice(0, -1).map((e) => e.EventId).reverse());

      const compact = await h.lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, IncludeExecutionData: false, MaxItems: 1000 }));
      expect(compact.Events).toHaveLength(events.length);
      expect(compact.Events![0]!.ExecutionStartedDetails?.Input?.Payload).toBeUndefined();
      expect(compact.Events!.at(-1)!.ExecutionSucceededDetails?.Result?.Payload).toBeUndefined();
    });

    it("stops a running execution with the given error, once", async () => {
      const started = await h.lambda.send(new InvokeCommand({ FunctionName: "approve", InvocationType: "Event", Payload: json({ order: "to-stop" }) }));
      const arn = started.DurableExecutionArn!;
      const executionId = arn.split("/").pop()!;
      await eventually(() => h.store.operations.list(executionId), (ops) => ops.some((r) => r.operation.Type === "CALLBACK"));
      const stopped = await h.lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn, Error: { ErrorType: "Cancelled", ErrorMessage: "by the test" } }));
      expect(stopped.StopTimestamp).toBeInstanceOf(Date);
      const after = await h.lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
      expect([after.Status, after.Error?.ErrorType, after.Error?.ErrorMessage]).toEqual(["STOPPED", "Cancelled", "by the test"]);
      expect(after.EndTimestamp?.getTime()).toBe(stopped.StopTimestamp!.getTime());
      const again = await rejection(h.lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn })));
      expect(again).toBeInstanceOf(ResourceConflictException);
      const audit = (await h.store.audit.list({})).items.filter((r) => r.action === "execution.stop" && r.executionId === executionId);
      expect(audit.map((r) => [r.outcome, r.errorCode])).toEqual([
        ["failed", "ResourceConflictException"],
        ["succeeded", undefined],
      ]);
    });
  });
}
