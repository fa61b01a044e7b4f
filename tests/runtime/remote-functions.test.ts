/**
 * Remote durable functions, the worker's side: the handler is an official-SDK handler served by
 * the handler host over real HTTP in Lambda's invoke shape, and it checkpoints through the
 * request-only checkpoint path (what the console's API serves), here called directly so this
 * tier needs no built server. The system tier (tests/remote/) runs the same over the API, with
 * the handler in its own process.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withDurableExecution, type DurableExecutionClient as OfficialClient } from "@aws/durable-execution-sdk-js";
import { FunctionRegistry, Worker, type InvocationOutcome } from "../../sdk/runtime";
import { startHandlerHost, type HandlerHost, type HostedHandler } from "../../sdk/runtime/handler-host";
import { RequestCheckpoints } from "../../sdk/runtime/request-checkpoints";
import { isDurableExecutionClientError } from "../../sdk/errors/durable-execution-client-error";
import { allEvents, createHarness, mustGet, type Harness } from "./helpers";

let h: Harness;
let host: HandlerHost | undefined;
let checkpoints: RequestCheckpoints;
/** The request-only path as the official SDK's client seam (its request types mark every field optional). */
const asOfficialClient = () => checkpoints as unknown as OfficialClient;
const outcomes: InvocationOutcome[] = [];

beforeEach(async () => {
  outcomes.length = 0;
  h = await createHarness({ onInvocation: (_execution, outcome) => outcomes.push(outcome), maxInvocationRetries: 1 });
  checkpoints = new RequestCheckpoints({ store: h.store, clock: h.clock });
});
afterEach(async () => {
  await host?.close();
  host = undefined;
  await h.close();
});

async function serve(handlers: Record<string, HostedHandler>): Promise<string> {
  host = await startHandlerHost({ handlers: new Map(Object.entries(handlers)) });
  return host.url;
}

/** Resolves when released; `entered` resolves when the first caller is waiting. */
function gate() {
  let release!: () => void;
  let entered!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => (entered = resolve));
  return { release, reached, pass: () => (entered(), released) };
}

describe("remote durable functions", () => {
  it("runs an official-SDK handler over HTTP through a step, a wait and a callback, as in-process", async () => {
    const tokensSeen: string[] = [];
    const handler = withDurableExecution(
      async (event: { n: number }, context) => {
        const doubled = await context.step("double", async () => event.n * 2);
        await context.wait("pause", { seconds: 5 });
        const answer = await context.waitForCallback<string>("approval", async () => undefined);
        return { doubled, answer };
      },
      { durableExecutionClient: asOfficialClient() },
    );
    const url = await serve({
      calc: (event, context) => {
        tokensSeen.push((event as { CheckpointToken: string }).CheckpointToken);
        return handler(event as never, context as never);
      },
    });
    h.registry.registerRemote("calc", { endpoint: `${url}/` });
    const { execution } = await h.client.startExecution({ functionName: "calc", input: '{"n":21}' });

    await h.worker.drain();
    expect(outcomes).toEqual(["PENDING"]);
    expect((await h.client.getOperations(execution.executionId)).map((r) => [r.operation.Name, r.operation.Status])).toEqual([
      [undefined, "STARTED"],
      ["double", "SUCCEEDED"],
      ["pause", "STARTED"],
    ]);
    h.clock.advance(5_000);
    await h.worker.drain();
    expect(outcomes).toEqual(["PENDING", "PENDING"]);
    const callback = (await h.client.listPendingCallbacks()).items.find((c) => c.executionId === execution.executionId);
    expect(callback).toBeDefined();
    await h.client.sendCallbackSuccess(callback!.callbackId, "yes");
    await h.worker.drain();

    const done = await mustGet(h.store, execution.executionId);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toEqual({ doubled: 42, answer: "yes" });
    expect(tokensSeen).toHaveLength(3);
    // Each invocation's end is recorded, and the completion nulled the last token: a late
    // checkpoint from the handler process with any token it was given is refused.
    const events = await allEvents(h.store, execution.executionId);
    expect(events.filter((e) => e.EventType === "InvocationCompleted")).toHaveLength(3);
    const late = await checkpoints.checkpoint({ DurableExecutionArn: execution.arn, CheckpointToken: tokensSeen[2], Updates: [] }).catch((e: unknown) => e);
    expect(isDurableExecutionClientError(late) && (late as Error).message).toMatch(/^Invalid Checkpoint Token/);
  });

  it("fences a remote invocation whose lease was taken over: its late checkpoint is refused and it writes nothing", async () => {
    const first = gate();
    let calls = 0;
    const handler = withDurableExecution(
      async (_event: unknown, context) => {
        calls += 1;
        if (calls === 1) await first.pass();
        return context.step("work", async () => `done by call ${calls}`);
      },
      { durableExecutionClient: asOfficialClient() },
    );
    const url = await serve({ work: (event, context) => handler(event as never, context as never) });
    h.registry.registerRemote("work", { endpoint: url });
    const { execution } = await h.client.startExecution({ functionName: "work" });

    const stalled = h.worker.drain();
    await first.reached;
    // The first worker stalls past its lease; another worker claims the execution and finishes it.
    h.clock.advance(60_000);
    const registry = new FunctionRegistry().registerRemote("work", { endpoint: url });
    const second = new Worker({ store: await h.openStore(), registry, clock: h.clock, onInvocation: (_e, outcome) => outcomes.push(outcome) });
    await second.drain();
    await second.stop();
    expect((await mustGet(h.store, execution.executionId)).status).toBe("SUCCEEDED");

    first.release();
    await stalled;
    expect(outcomes).toEqual(["SUCCEEDED", "FENCED"]);
    const done = await mustGet(h.store, execution.executionId);
    expect(JSON.parse(done.result!)).toBe("done by call 2");
    const events = await allEvents(h.store, execution.executionId);
    // The stalled invocation's end was written by the claim that cut it off, once; nothing after the execution ended.
    expect(events.filter((e) => e.EventType === "InvocationCompleted")).toHaveLength(2);
    expect(events.at(-1)?.EventType).toBe("ExecutionSucceeded");
  });

  it("an unreachable endpoint or a function error is an invocation error, retried and then failing the execution", async () => {
    h.registry.registerRemote("gone", { endpoint: "http://127.0.0.1:9" });
    const url = await serve({ broken: () => Promise.reject(new RangeError("handler blew up")) });
    h.registry.registerRemote("broken", { endpoint: url });
    const gone = (await h.client.startExecution({ functionName: "gone" })).execution;
    const broken = (await h.client.startExecution({ functionName: "broken" })).execution;

    await h.worker.drain();
    expect(outcomes).toEqual(["INVOCATION_ERROR", "INVOCATION_ERROR"]);
    h.clock.advance(1_000);
    await h.worker.drain();
    const goneDone = await mustGet(h.store, gone.executionId);
    expect(goneDone.status).toBe("FAILED");
    expect(goneDone.error?.ErrorType).toBe("Runtime.RemoteUnreachable");
    const brokenDone = await mustGet(h.store, broken.executionId);
    expect(brokenDone.status).toBe("FAILED");
    expect(brokenDone.error).toMatchObject({ ErrorType: "RangeError", ErrorMessage: expect.stringContaining("handler blew up") });
  });

  it("refuses a remote target that is not an http(s) URL or names no valid function", () => {
    const registry = new FunctionRegistry();
    expect(() => registry.registerRemote("a", { endpoint: "ftp://127.0.0.1:9001" })).toThrow(/must be an http\(s\) URL/);
    expect(() => registry.registerRemote("a", { endpoint: "http://127.0.0.1:9001?x=1" })).toThrow(/without query/);
    expect(() => registry.registerRemote("a", { endpoint: "http://127.0.0.1:9001", functionName: "no spaces" })).toThrow(/remote function name/);
    expect(registry.has("a")).toBe(false);
  });
});

describe("the handler host", () => {
  it("answers Lambda's errors for unknown functions, bad JSON, wrong methods and paths", async () => {
    const url = await serve({ echo: (event) => ({ got: event }) });
    const invoke = (name: string, body: string, method = "POST") =>
      fetch(`${url}/2015-03-31/functions/${name}/invocations`, { method, body: method === "POST" ? body : undefined });

    const ok = await invoke("echo", '{"a":1}');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ got: { a: 1 } });
    const unknown = await invoke("nope", "{}");
    expect([unknown.status, unknown.headers.get("x-amzn-errortype")]).toEqual([404, "ResourceNotFoundException"]);
    const badJson = await invoke("echo", "{not json");
    expect([badJson.status, badJson.headers.get("x-amzn-errortype")]).toEqual([400, "InvalidRequestContentException"]);
    const wrongMethod = await invoke("echo", "", "GET");
    expect(wrongMethod.status).toBe(405);
    const wrongPath = await fetch(`${url}/2015-03-31/functions/echo`, { method: "POST", body: "{}" });
    expect(wrongPath.status).toBe(404);
  });
});
