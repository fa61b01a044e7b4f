/** `durable logs <id|arn> [--operation <id|name>]`: the log lines an execution's handlers wrote. */
import type { DurableClient } from "../sdk/runtime";
import type { LogRecord } from "../sdk/store/records";
import { requirePositional, stringFlag, UsageError } from "./args";
import type { CommandContext } from "./commands";
import { CliError } from "./errors";
import { formatJson } from "./format";
import { EXIT } from "./specs";

const PAGE = 1000;

export async function logsCommand({ client, args, json, io }: CommandContext): Promise<void> {
  const id = requirePositional(args, 0, "execution id or ARN");
  const operation = stringFlag(args, "operation");
  const durable = await client();
  const operationId = operation === undefined ? undefined : await operationIdOf(durable, id, operation);
  const lines: LogRecord[] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await durable.getLogs(id, { afterSeq, limit: PAGE, ...(operationId ? { operationId } : {}) });
    lines.push(...page.items);
    const last = page.items[page.items.length - 1];
    if (!page.nextCursor || !last) break;
    afterSeq = last.seq;
  }
  if (json) return io.out(formatJson({ logs: lines }));
  if (lines.length === 0) return io.out("(no log lines)\n");
  io.out(lines.map(formatLine).join(""));
}

/** An operation id as given, else the id of the one operation with that name (`flag` names where it was typed). */
export async function operationIdOf(client: DurableClient, executionRef: string, operation: string, flag = "--operation"): Promise<string> {
  const operations = (await client.getOperations(executionRef)).map((r) => r.operation);
  if (operations.some((o) => o.Id === operation)) return operation;
  const named = operations.filter((o) => o.Name === operation);
  if (named.length === 1) return named[0].Id;
  if (named.length > 1) {
    throw new UsageError(`${flag} ${operation}: ${named.length} operations have this name; give one of their ids: ${named.map((o) => o.Id).join(", ")}`);
  }
  throw new CliError("OPERATION_NOT_FOUND", EXIT.notFound, `${flag} ${operation}: the execution has no operation with this id or name`);
}

function formatLine(line: LogRecord): string {
  const where = line.operationName ?? line.operationId ?? "-";
  const attempt = line.attempt !== undefined && line.attempt > 1 ? ` (attempt ${line.attempt})` : "";
  const data = line.data ? ` ${line.data}` : "";
  return `${line.timestamp}  ${line.level.padEnd(5)}  ${where}${attempt}  ${line.message}${data}\n`;
}
