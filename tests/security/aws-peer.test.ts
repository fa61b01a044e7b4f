/**
 * Which socket addresses the Lambda API takes for this machine (lib/server/aws/peer), and which
 * request paths are the Lambda API's, and their declared methods (lib/server/aws/paths).
 */
import { describe, expect, it } from "vitest";
import { awsMethodsAt, isAwsApiPath } from "../../lib/server/aws/paths";
import { PEER_ADDRESS_HEADER, isLoopbackAddress, peerAddressOf } from "../../lib/server/aws/peer";

describe("the AWS API's peer address", () => {
  it("counts 127.0.0.0/8, ::1 and mapped IPv4 loopback as this machine, nothing else", () => {
    for (const address of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"]) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ["10.0.0.1", "192.168.1.2", "::ffff:10.0.0.1", "fe80::1", "128.0.0.1", "localhost", "", undefined]) {
      expect(isLoopbackAddress(address)).toBe(false);
    }
  });

  it("reads only an IP address from the gate's header", () => {
    const request = (value: string) => new Request("http://127.0.0.1/", { headers: { [PEER_ADDRESS_HEADER]: value } });
    expect(peerAddressOf(request("127.0.0.1"))).toBe("127.0.0.1");
    expect(peerAddressOf(request("127.0.0.1, 10.0.0.1"))).toBeUndefined();
    expect(peerAddressOf(new Request("http://127.0.0.1/"))).toBeUndefined();
  });
});

describe("the AWS API's paths", () => {
  it("are the two API versions' trees, with the methods each command declares", () => {
    expect(isAwsApiPath("/2025-12-01/durable-executions/x")).toBe(true);
    expect(isAwsApiPath("/2015-03-31/functions/f/invocations")).toBe(true);
    expect(isAwsApiPath("/api/executions")).toBe(false);
    expect(isAwsApiPath("/2025-12-01x")).toBe(false);
    expect(awsMethodsAt("/2025-12-01/durable-executions/arn%3Ax/checkpoint")).toEqual(["POST"]);
    expect(awsMethodsAt("/2025-12-01/durable-executions/arn%3Ax")).toEqual(["GET"]);
    expect(awsMethodsAt("/2025-12-01/durable-executions/a/b/c")).toBeUndefined();
  });
});
