/**
 * Generators of malformed requests to the console API. Every request is wrong in at least one
 * way (broken JSON, wrong types, missing fields, bodies past the limits, unknown or malformed
 * ids, path tricks, odd unicode; and, sent on a bare socket, forged Host / Origin / Referer
 * headers, broken percent-encoding, methods Next cannot carry, bodies cut short), so every
 * answer must be a 4xx and nothing may change.
 */
import { HOST_VALUES } from "../security/fixtures/host-values";

export interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  /**
   * Send on a bare socket (tests/support/raw-http) with exactly these headers (`{port}` stands
   * for the server's port, `{origin}` for its origin): for what fetch() cannot send.
   */
  raw?: { headers: Array<[string, string]>; endAfterBody?: boolean };
  /** The answer is a page (HTML), not JSON: only its status is checked. */
  page?: boolean;
}

export interface FuzzTargets {
  executionId: string;
  runningExecutionId: string;
  callbackId: string;
}

/** Odd ids. A bare ".." is left to the path-trick cases: the HTTP layer resolves it before routing. */
const ODD_STRINGS = [
  "",
  " ",
  "../../etc/passwd",
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "%2e%2e%2f",
  "a".repeat(2000),
  "x".repeat(65),
  "名前",
  "🚀🔥",
  "\u202eevil",
  "\u0000nul",
  "line\nbreak",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "arn:aws:lambda:us-east-1:000000000000:function:x:$LATEST/durable-execution/../..",
  "00000000-0000-0000-0000-000000000000",
  "%",
  "%zz",
  "null",
  "undefined",
  "{}",
  "[]",
];

const BROKEN_JSON = ["{", '{"functionName":', "[1,2", "nul", '{"a":1}}', "\u0000", "{'single':'quotes'}", '{"x": NaN}', "�"];

/** Values of the wrong type for any field (never null: "absent" may be a valid choice). */
const WRONG_TYPES = [1, -1, 1.5, true, false, [], {}, ["a"], { nested: { deep: true } }, 1e309];

export function generate(count: number, targets: FuzzTargets, random: () => number): FuzzRequest[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  // Ids travel encoded, as clients send them; raw path tricks have their own cases below
  // (a raw "../" is resolved by the HTTP layer before any route sees it).
  const enc = (s: string) => encodeURIComponent(s);
  const oddId = () => enc(pick(ODD_STRINGS)) || "%20";
  const wrong = () => pick(WRONG_TYPES);

  const generators: Array<() => FuzzRequest> = [
    // list filters that are each invalid
    () => ({ kind: "list-bad-limit", method: "GET", path: `/api/executions?limit=${enc(String(pick(["abc", "-1", "0", "100000", "1.5", "1e9", "%", "0x10"])))}` }),
    () => ({ kind: "list-bad-status", method: "GET", path: `/api/executions?status=${enc(pick(["BOGUS", "running,", ",", "SUCCEEDED,NOPE", "🚀", "a".repeat(300)]))}` }),
    () => ({ kind: "list-bad-time", method: "GET", path: `/api/executions?${pick(["from", "to"])}=${enc(pick(["notadate", "2026-13-40", "yesterday", "9".repeat(40), "🚀"]))}` }),
    () => ({ kind: "list-bad-cursor", method: "GET", path: `/api/executions?cursor=${enc(pick(["garbage", "%%%", "eyJ4IjoxfQ", "a".repeat(5000), "null", "[]"]))}` }),
    () => ({ kind: "list-bad-order", method: "GET", path: `/api/executions?order=${enc(pick(["sideways", "ASC;DROP", "1", "🚀"]))}` }),
    () => ({ kind: "list-bad-function", method: "GET", path: `/api/executions?function=${enc(pick(["../../etc", "a b", "x".repeat(100), "名前", "%00"]))}` }),
    // reads of unknown or malformed ids
    () => ({ kind: "get-bad-id", method: "GET", path: `/api/executions/${oddId()}` }),
    () => ({ kind: "history-bad-id", method: "GET", path: `/api/executions/${oddId()}/history` }),
    () => ({ kind: "operations-bad-id", method: "GET", path: `/api/executions/${oddId()}/operations` }),
    () => ({ kind: "logs-bad-id", method: "GET", path: `/api/executions/${oddId()}/logs` }),
    () => ({ kind: "operation-bad-id", method: "GET", path: `/api/executions/${targets.executionId}/operations/${oddId()}` }),
    () => ({
      kind: "history-bad-params",
      method: "GET",
      path: `/api/executions/${targets.executionId}/history?${pick(["limit", "after", "afterEventId", "cursor", "reverse"])}=${enc(pick(["-5", "abc", "1e99", "1.5", "🚀", "999999999999999999999"]))}&limit=${pick(["-1", "0", "x"])}`,
    }),
    () => ({ kind: "snapshot-bad-request", method: "GET", path: pick([`/api/executions/${oddId()}/snapshot`, `/api/executions/${targets.executionId}/snapshot?knownVersion=${enc(pick(["-1", "abc", "1.5", "1e99", "🚀", "", " 1", "0x1"]))}`]) }),
    () => ({ kind: "logs-bad-params", method: "GET", path: `/api/executions/${targets.executionId}/logs?limit=${pick(["-1", "0", "x", "100000"])}` }),
    // start: broken JSON, wrong types, missing fields, past the limits
    () => ({ kind: "start-broken-json", method: "POST", path: "/api/executions", body: pick(BROKEN_JSON) }),
    () => ({ kind: "start-wrong-types", method: "POST", path: "/api/executions", body: JSON.stringify({ functionName: wrong(), input: wrong() }) }),
    () => ({ kind: "start-missing-function", method: "POST", path: "/api/executions", body: JSON.stringify({ input: "{}" }) }),
    () => ({ kind: "start-unknown-function", method: "POST", path: "/api/executions", body: JSON.stringify({ functionName: pick(["no-such-fn", "x".repeat(65), "../etc", "名前"]), input: "{}" }) }),
    () => ({ kind: "start-input-not-json", method: "POST", path: "/api/executions", body: JSON.stringify({ functionName: "order-processing", input: pick(["{", "not json", "undefined", "{'a':1}"]) }) }),
    () => ({ kind: "start-bad-name", method: "POST", path: "/api/executions", body: JSON.stringify({ functionName: "order-processing", input: "{}", name: pick(["has space", "x".repeat(65), "", "名前", "a/b", "🚀"]) }) }),
    () => ({ kind: "start-huge-input", method: "POST", path: "/api/executions", body: JSON.stringify({ functionName: "order-processing", input: JSON.stringify({ blob: "x".repeat(6_400_000) }) }) }),
    () => ({ kind: "start-body-array", method: "POST", path: "/api/executions", body: JSON.stringify(pick([[], [1], "string", 42, null])) }),
    // steering unknown or malformed ids
    () => ({ kind: "stop-bad-id", method: "POST", path: `/api/executions/${oddId()}/stop`, body: "{}" }),
    () => ({ kind: "redrive-bad-id", method: "POST", path: `/api/executions/${oddId()}/redrive`, body: "{}" }),
    () => ({ kind: "replay-bad-id", method: "POST", path: `/api/executions/${oddId()}/replay`, body: "{}" }),
    () => ({ kind: "replay-bad-input", method: "POST", path: `/api/executions/${targets.executionId}/replay`, body: JSON.stringify({ input: pick(["{", wrong(), "x".repeat(10)]) }) }),
    () => ({ kind: "stop-bad-body", method: "POST", path: `/api/executions/${targets.runningExecutionId}/stop`, body: pick(BROKEN_JSON) }),
    () => ({ kind: "bulk-bad-body", method: "POST", path: "/api/executions/bulk", body: pick([...BROKEN_JSON, JSON.stringify({ action: "explode", executionIds: [] }), JSON.stringify({ action: "stop", executionIds: wrong() }), JSON.stringify({ action: "stop" }), JSON.stringify({ action: "stop", executionIds: ["../x", "", "a".repeat(2000)] }), JSON.stringify({ action: "redrive", executionIds: Array.from({ length: 1001 }, (_, i) => `id-${i}`) })]) }),
    // callbacks: unknown or malformed ids, broken bodies, results past the limit
    () => ({ kind: "callback-bad-id", method: "POST", path: `/api/callbacks/${oddId()}/${pick(["succeed", "fail", "heartbeat"])}`, body: "{}" }),
    () => ({ kind: "callback-broken-body", method: "POST", path: `/api/callbacks/${targets.callbackId}/${pick(["succeed", "fail"])}`, body: pick(BROKEN_JSON) }),
    () => ({ kind: "callback-wrong-types", method: "POST", path: `/api/callbacks/${targets.callbackId}/succeed`, body: JSON.stringify({ result: pick([1, true, [], { a: 1 }]) }) }),
    () => ({ kind: "callback-fail-wrong-types", method: "POST", path: `/api/callbacks/${targets.callbackId}/fail`, body: JSON.stringify({ errorType: wrong(), errorMessage: wrong() }) }),
    () => ({ kind: "callback-huge-result", method: "POST", path: `/api/callbacks/${targets.callbackId}/succeed`, body: JSON.stringify({ result: JSON.stringify({ blob: "x".repeat(1_100_000) }) }) }),
    () => ({ kind: "approvals-bad-params", method: "GET", path: `/api/approvals?${pick(["limit", "cursor", "function"])}=${enc(pick(["-5x!", "garbage!", "x".repeat(3000), "../..", "a b"]))}` }),
    () => ({ kind: "unknown-filter", method: "GET", path: `/api/executions?${enc(pick(["sort", "page", "offset", "名前", "status[]"]))}=1` }),
    () => ({ kind: "path-trick", method: pick(["GET", "POST"]), path: pick(["/api/executions/x/../../nope", "/api/executions/%2e%2e/%2e%2e/api/secret", "/api/callbacks/..%2f..%2fexecutions/succeed", "/api/./executions/../secret", "/api/executions/a%2Fb/history", "/api/executions/..", "/api/%2e%2e/api/executions/x/stop"]) }),
    () => ({ kind: "unknown-api-route", method: pick(["GET", "POST"]), path: `/api/${oddId()}/${oddId()}` }),
    ...hostileGenerators(targets, pick),
  ];

  const requests: FuzzRequest[] = [];
  for (let i = 0; i < count; i++) requests.push(generators[i % generators.length]());
  return requests;
}

const HOST = ["Host", "127.0.0.1:{port}"] as [string, string];
const REFUSED_HOSTS = HOST_VALUES.filter(([, verdict]) => verdict !== "loopback").map(([value]) => value);
const FORGED_ORIGINS: Array<[string, string]> = [
  ["Origin", "{origin}@evil.example"],
  ["Origin", "http://user@127.0.0.1:{port}"],
  ["Origin", "{origin}/"],
  ["Origin", "http://evil.example"],
  ["Origin", "null"],
  ["Origin", "http://2130706433:{port}"],
  ["Referer", "http://evil.example/page"],
  ["Referer", "{origin}@evil.example/executions"],
];
const BAD_ENCODINGS = ["%ZZ", "%", "%E2%98", "%C0%AF", "%FF%FE", "%ED%A0%80", "abc%2", "%%41"];
const UNCARRIED_METHODS = ["TRACE", "TRACK", "CONNECT", "PROPFIND", "PURGE", "M-SEARCH", "FOO", "BREW", "GETS"];

/** The request classes of issue 9: each sent on a bare socket, as a hand-made client would. */
function hostileGenerators(targets: FuzzTargets, pick: <T>(list: readonly T[]) => T): Array<() => FuzzRequest> {
  const steering = () => pick([`/api/executions/${targets.runningExecutionId}/stop`, `/api/callbacks/${targets.callbackId}/succeed`, `/api/executions/${targets.executionId}/replay`]);
  const anyRoute = () => pick(["/api/executions", steering(), `/api/executions/${targets.executionId}`, "/executions", `/executions/${targets.executionId}`, "/", "/approvals"]);
  return [
    () => ({ kind: "host-forged", method: "POST", path: steering(), body: "{}", raw: { headers: [["Host", pick(REFUSED_HOSTS)]] } }),
    () => ({ kind: "host-twice", method: pick(["GET", "POST"]), path: steering(), body: "{}", raw: { headers: [HOST, ["Host", "evil.example"]] } }),
    () => ({ kind: "origin-forged", method: "POST", path: steering(), body: "{}", raw: { headers: [HOST, pick(FORGED_ORIGINS)] } }),
    () => ({ kind: "path-bad-encoding", method: pick(["GET", "POST"]), path: pick([`/api/executions/${pick(BAD_ENCODINGS)}`, `/api/callbacks/${pick(BAD_ENCODINGS)}/succeed`, `/api/executions/${targets.runningExecutionId}${pick(BAD_ENCODINGS)}/stop`]), body: "{}", raw: { headers: [HOST] } }),
    () => ({ kind: "page-bad-encoding", method: "GET", path: `/executions/${pick(BAD_ENCODINGS)}`, raw: { headers: [HOST] }, page: true }),
    () => ({ kind: "method-not-carried", method: pick(UNCARRIED_METHODS), path: anyRoute(), raw: { headers: [HOST] } }),
    () => ({ kind: "page-write-method", method: pick(["POST", "PUT", "PATCH", "DELETE"]), path: pick(["/executions", "/", "/approvals", `/executions/${targets.runningExecutionId}`]), body: "[]", raw: { headers: [HOST, ["Origin", "{origin}"]] } }),
    () => ({ kind: "target-not-a-path", method: pick(["GET", "POST", "OPTIONS"]), path: pick(["http://evil.example/api/executions", "*", `http://127.0.0.1:{port}/api/executions/${targets.runningExecutionId}/stop`]), body: "{}", raw: { headers: [HOST] } }),
    () => ({ kind: "body-cut-short", method: "POST", path: `/api/callbacks/${targets.callbackId}/succeed`, body: JSON.stringify({ result: '{"approved":true}' }), raw: { headers: [HOST, ["Content-Type", "application/json"], ["Content-Length", "200"]], endAfterBody: true } }),
  ];
}
