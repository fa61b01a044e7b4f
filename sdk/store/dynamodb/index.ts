export { DynamoStore, type DynamoStoreOptions } from "./store";
export { TransactionTooLargeError } from "./write-plan";
export { parseDynamoUrl, isLocalEndpoint } from "./url";
export { tableDefinition } from "./table";
