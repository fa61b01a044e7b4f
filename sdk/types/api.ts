/**
 * The SDK's public types, mirroring `@aws/durable-execution-sdk-js` 2.x. `DurableContext` and
 * `DurablePromise` live beside these (durable-context.ts / durable-promise.ts); `Serdes` types
 * live with their implementation in sdk/utils/serdes.
 */
export * from "./api-core";
export * from "./api-logger";
export * from "./api-operations";
export * from "./api-batch";
export * from "./api-execution";
export type { Serdes, SerdesContext, SerdesConfig, AnySerdes, AnySerdesDeserializer } from "../utils/serdes";
