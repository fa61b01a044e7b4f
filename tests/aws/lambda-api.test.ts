/**
 * The Lambda durable REST API on the built console, through `@aws-sdk/client-lambda` (a real
 * LambdaClient whose endpoint is the server): every command's fields, paging and filters, and
 * each error as the typed exception the SDK raises for it. One server and one worker for every
 * suite (tests/aws/suites), so the file costs one `next start`.
 */
import { afterAll, beforeAll } from "vitest";
import { startAwsHarness, type AwsHarness } from "./harness";
import { registerTestFunctions } from "./functions";
import { checkpointSuite } from "./suites/checkpoint";
import { executionsSuite } from "./suites/executions";
import { invokeSuite } from "./suites/invoke";
import { callbacksSuite } from "./suites/callbacks";
import { routeLayerSuite } from "./suites/route-layer";

let h: AwsHarness;

beforeAll(async () => {
  h = await startAwsHarness(registerTestFunctions);
}, 240_000);

afterAll(async () => {
  await h?.close();
});

const harness = () => h;
checkpointSuite(harness);
invokeSuite(harness);
executionsSuite(harness);
callbacksSuite(harness);
routeLayerSuite(harness);
