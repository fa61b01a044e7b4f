/**
 * The AWS route layer as raw HTTP sees it: 405 for undeclared methods, broken URL encoding and
 * hostile headers answered 4xx the Lambda way (x-amzn-ErrorType), browsers refused, a forged
 * peer-address header ignored, unknown operations 404. Nothing refused changes anything.
 */
import { GetDurableExecutionCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../../support/raw-http";
import type { AwsHarness } from "../harness";

export function routeLayerSuite(harness: () => AwsHarness): void {
  describe("the AWS route layer", () => {
    let h: AwsHarness;
    let arn: string;
    let encodedArn: string;
    beforeAll(async () => {
      h = harness();
      const out = await h.lambda.send(new InvokeCommand({ FunctionName: "add", Payload: new TextEncoder().encode('{"a":1,"b":2}') }));
      arn = out.DurableExecutionArn!;
      encodedArn = encodeURIComponent(arn);
    });

    const host = () => new URL(h.server.url).host;
    const port = () => Number(new URL(h.server.url).port);
    const send = (method: string, target: string, headers: Array<[string, string]> = [], body?: string) =>
      rawRequest(port(), { method, target, headers: [["Host", host()], ...headers], body });

    it("answers an undeclared method 405 with Allow, through the route and through the gate", async () => {
      const viaRoute = await send("GET", `/2025-12-01/durable-executions/${encodedArn}/checkpoint`);
      expect([viaRoute.status, viaRoute.headers["allow"], viaRoute.headers["x-amzn-errortype"]]).toEqual([405, "POST", "MethodNotAllowedException"]);
      const viaGate = await send("TRACE", `/2025-12-01/durable-executions/${encodedArn}/history`);
      expect([viaGate.status, viaGate.headers["allow"], viaGate.headers["x-amzn-errortype"]]).toEqual([405, "GET", "MethodNotAllowedException"]);
    });

    it("answers broken percent-encoding, unknown operations and malformed bodies 4xx with an AWS error type", async () => {
      const broken = await send("GET", "/2025-12-01/durable-executions/arn%ZZ%E2%98");
      expect([broken.status, broken.headers["x-amzn-errortype"]]).toEqual([400, "InvalidRequestContentException"]);
      expect(JSON.parse(broken.body)).toMatchObject({ Type: "User" });
      const unknown = await send("GET", "/2025-12-01/no-such-operation");
      expect([unknown.status, unknown.headers["x-amzn-errortype"]]).toEqual([404, "UnknownOperationException"]);
      const badJson = await send("POST", `/2025-12-01/durable-executions/${encodedArn}/checkpoint`, [["Content-Type", "application/json"]], "{not json");
      expect([badJson.status, badJson.headers["x-amzn-errortype"]]).toEqual([400, "InvalidRequestContentException"]);
      const badType = await send("POST", "/2015-03-31/functions/add/invocations", [["X-Amz-Invocation-Type", "Sometimes"]], "{}");
      expect([badType.status, badType.headers["x-amzn-errortype"]]).toEqual([400, "InvalidParameterValueException"]);
    });

    it("refuses hostile headers: two Hosts, an oversized header", async () => {
      const twoHosts = await rawRequest(port(), { method: "GET", target: `/2025-12-01/durable-executions/${encodedArn}`, headers: [["Host", host()], ["Host", "evil.example"]] });
      expect([twoHosts.status, twoHosts.headers["x-amzn-errortype"]]).toEqual([403, "AccessDeniedException"]);
      const huge = await send("GET", `/2025-12-01/durable-executions/${encodedArn}`, [["X-Amz-Padding", "x".repeat(64 * 1024)]]);
      expect(huge.status).toBe(431);
      const otherHost = await rawRequest(port(), { method: "GET", target: `/2025-12-01/durable-executions/${encodedArn}`, headers: [["Host", "evil.example"]] });
      expect(otherHost.status).toBe(403);
    });

    it("refuses what a browser sends, changes nothing, and ignores a forged peer address", async () => {
      const before = (await h.store.executions.list({ limit: 1000 })).items.length;
      for (const header of [["Origin", "http://evil.example"], ["Sec-Fetch-Site", "cross-site"]] as Array<[string, string]>) {
        const refused = await send("POST", "/2015-03-31/functions/add/invocations", [header, ["X-Amz-Invocation-Type", "Event"]], '{"a":1,"b":1}');
        expect([refused.status, refused.headers["x-amzn-errortype"]]).toEqual([403, "AccessDeniedException"]);
      }
      expect((await h.store.executions.list({ limit: 1000 })).items.length).toBe(before);
      // The peer address is the socket's: a header naming another one changes nothing (loopback stays loopback).
      const forged = await send("GET", `/2025-12-01/durable-executions/${encodedArn}`, [["X-Durable-Console-Peer-Address", "203.0.113.9"]]);
      expect(forged.status).toBe(200);
      expect((await h.lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }))).Status).toBe("SUCCEEDED");
    });
  });
}
