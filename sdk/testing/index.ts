/**
 * Testing durable functions locally, with the surface of `@aws/durable-execution-sdk-js-testing`:
 * change the import and official tests run here, on the production replay engine.
 */
export { LocalDurableTestRunner, type TestEnvironmentOptions } from "./local-runner";
export { TestResult, type Invocation } from "./test-result";
export { DurableOperation, WaitingOperationStatus, type TestResultError } from "./operation-handle";
export { ManualClock } from "./manual-clock";
