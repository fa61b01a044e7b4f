import { auditCliCommand, cliOutcome, CliAuditNote } from "../lib/audit/cli";
import { DurableClient, DurableClientError } from "../sdk/runtime";
import { openStore } from "../sdk/store/open";
import { StoreError } from "../sdk/store/types";
import { parseArgs, stringFlag, UsageError, type ParsedArgs } from "./args";
import { clientCommands } from "./commands";
import { runDynamoCommand } from "./dynamodb";
import { ConsoleRefusedError, runHashPassword } from "./console";
import { runConsole, runDev, runWorker } from "./serve";

const USAGE = `durable <command> [options]

  dev [--host h] [--port n]    worker + example functions + console (http://127.0.0.1:3000), seeded
      [--functions mod.ts] [--no-seed]   your own functions beside the examples; no demo data
  console [--host h] [--port n]  the console alone; a host other than loopback needs DURABLE_CONSOLE_TOKEN or _USERS
  hash-password               reads a password on stdin, prints its hash for DURABLE_CONSOLE_USERS
  worker [--functions mod.ts] run handlers for due executions (examples included unless --no-examples)
         [--lease-ms n] [--concurrency n]   lease length (default 15000) and invocations at once (default 16)
         [--retention-days n]               purge executions ended n days ago (default 30, 0 = keep)
         [--audit-retention-days n]         purge audit records older than n days (default 365, never
                                            less than --retention-days; 0 = keep)
  start <function> [--input <json>] [--name <name>]
  list [--status FAILED,RUNNING] [--function f] [--q text] [--from iso] [--to iso] [--limit n]
  get <id|arn>
  history <id|arn>
  callback succeed|fail|heartbeat <callbackId> [--result <text>] [--error-type t --message m]
  stop <id|arn> [--reason text]
  redrive <id|arn>
  replay <id|arn> [--input <json>]
  dynamodb create-table       create the table of --store dynamodb://<table>?region=..[&endpoint=..] (on-demand, with its indexes)

Steering commands (start, stop, redrive, replay, callback) are written to the audit log as cli:<user>.

Options: --store <path|sqlite:path|dynamodb://table?region=..> (default $DURABLE_STORE or .durable/durable.db), --json
Exit codes: 0 ok, 1 unexpected failure, 2 bad usage or input, 3 not found, 4 conflict or wrong state`;

const EXIT = { ok: 0, failure: 1, usage: 2, notFound: 3, conflict: 4 } as const;
const BOOLEAN_FLAGS = new Set(["json", "no-seed", "no-examples", "help"]);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help") {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const args = parseArgs(rest, BOOLEAN_FLAGS);
  if (command === "dev") return runDev(args).then(() => EXIT.ok);
  if (command === "worker") return runWorker(args).then(() => EXIT.ok);
  if (command === "console") return runConsole(args).then(() => EXIT.ok);
  if (command === "hash-password") return runHashPassword().then(() => EXIT.ok);
  if (command === "dynamodb") return runDynamoCommand(args, args.flags.has("json")).then(() => EXIT.ok);
  const run = clientCommands[command];
  if (!run) throw new UsageError(`unknown command ${command}`);
  const store = await openStore(stringFlag(args, "store"));
  const audit = new CliAuditNote();
  const warn = (line: string) => process.stderr.write(`durable: warning: ${line}\n`);
  try {
    await run(new DurableClient({ store }), args, args.flags.has("json"), audit);
    await auditCliCommand(store, audit, cliOutcome(), warn);
    return EXIT.ok;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await auditCliCommand(store, audit, cliOutcome({ errorCode: errorCodeOf(error), message }), warn);
    throw error;
  } finally {
    await store.close();
  }
}

/** The machine-readable code of a failure: the client's or store's code; bad usage is a validation error. */
function errorCodeOf(error: unknown): string {
  if (error instanceof UsageError) return "VALIDATION_ERROR";
  if (error instanceof DurableClientError || error instanceof StoreError) return error.code;
  return "INTERNAL_ERROR";
}

function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof ConsoleRefusedError) return EXIT.usage;
  const code = error instanceof DurableClientError || error instanceof StoreError ? error.code : undefined;
  if (!code) return EXIT.failure;
  if (code.endsWith("NOT_FOUND")) return EXIT.notFound;
  if (code === "VALIDATION_ERROR" || code === "PAYLOAD_TOO_LARGE" || code === "INVALID_CURSOR") return EXIT.usage;
  return EXIT.conflict;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = exitCodeOf(error);
    const message = error instanceof Error ? error.message : String(error);
    const tag = error instanceof DurableClientError || error instanceof StoreError ? `${error.code}: ` : "";
    if (process.argv.includes("--json")) process.stderr.write(`${JSON.stringify({ error: { code: tag.replace(": ", "") || "ERROR", message } })}\n`);
    else process.stderr.write(`durable: ${tag}${message}${code === EXIT.usage && error instanceof UsageError ? `\n\n${USAGE}` : ""}\n`);
    process.exit(code);
  },
);
