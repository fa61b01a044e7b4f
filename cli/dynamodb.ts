/** `durable dynamodb create-table`: creates the DynamoDB table a dynamodb:// store URL names. */
import { resolveStoreUrl } from "../sdk/store/open";
import { stringFlag, UsageError, type ParsedArgs } from "./args";

export async function runDynamoCommand(args: ParsedArgs, json: boolean): Promise<void> {
  const [sub] = args.positionals;
  if (sub !== "create-table") throw new UsageError(`unknown dynamodb command ${sub ?? "(none)"}; expected create-table`);
  const url = resolveStoreUrl(stringFlag(args, "store"));
  if (!/^dynamodb:\/\//i.test(url)) throw new UsageError(`--store (or $DURABLE_STORE) must be a dynamodb://<table>?region=... URL, got ${url}`);
  // Loaded here so that SQLite-only use of the CLI never loads the AWS SDK.
  const { DynamoStore, parseDynamoUrl } = await import("../sdk/store/dynamodb");
  const store = new DynamoStore(parseDynamoUrl(url));
  try {
    const created = await store.createTable();
    if (json) process.stdout.write(`${JSON.stringify({ table: store.table, created })}\n`);
    else process.stdout.write(`table ${store.table} ${created ? "created" : "already exists"}; it and its indexes are ACTIVE\n`);
  } finally {
    await store.close();
  }
}
