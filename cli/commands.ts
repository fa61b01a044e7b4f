import type { CliAuditNote } from "../lib/audit/cli";
import type { DurableClient } from "../sdk/runtime";
import { EXECUTION_STATUSES, type ExecutionStatus } from "../sdk/types/wire";
import { intFlag, requirePositional, stringFlag, UsageError, type ParsedArgs } from "./args";
import { duration, printFields, printJson, printTable } from "./format";

/**
 * Commands that only talk to the store through the client API (no handler code runs here). A
 * command that changes state names what it acts on in `audit.target` before it acts (and adds
 * what it learns, like the console's route handlers do), and main.ts records it in the audit log.
 */
export const clientCommands: Record<string, (client: DurableClient, args: ParsedArgs, json: boolean, audit: CliAuditNote) => Promise<void>> = {
  async start(client, args, json, audit) {
    const functionName = requirePositional(args, 0, "function name (durable start <function> --input <json>)");
    const input = stringFlag(args, "input");
    const name = stringFlag(args, "name");
    audit.target = { action: "execution.start" };
    audit.details.functionName = functionName;
    const { execution, alreadyExisted } = await client.startExecution({
      functionName,
      ...(input !== undefined ? { input } : {}),
      ...(name ? { name } : {}),
    });
    audit.executionId = execution.executionId;
    if (alreadyExisted) audit.details.alreadyExisted = true;
    if (json) return printJson({ execution, alreadyExisted });
    process.stdout.write(`${alreadyExisted ? "Already started" : "Started"} ${execution.executionId} (${execution.functionName})\n`);
  },

  async list(client, args, json) {
    const statuses = stringFlag(args, "status")
      ?.split(",")
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
    for (const s of statuses ?? []) {
      if (!EXECUTION_STATUSES.includes(s as ExecutionStatus)) throw new UsageError(`unknown status ${s}; one of ${EXECUTION_STATUSES.join(", ")}`);
    }
    const page = await client.listExecutions({
      ...(stringFlag(args, "function") ? { functionName: stringFlag(args, "function") } : {}),
      ...(statuses?.length ? { statuses: statuses as ExecutionStatus[] } : {}),
      ...(stringFlag(args, "q") ? { nameOrId: stringFlag(args, "q") } : {}),
      ...(stringFlag(args, "from") ? { startedAfter: stringFlag(args, "from") } : {}),
      ...(stringFlag(args, "to") ? { startedBefore: stringFlag(args, "to") } : {}),
      ...(stringFlag(args, "cursor") ? { cursor: stringFlag(args, "cursor") } : {}),
      limit: intFlag(args, "limit") ?? 50,
    });
    if (json) return printJson(page);
    printTable(
      page.items.map((e) => ({
        id: e.executionId,
        name: e.name === e.executionId ? "" : e.name,
        function: e.functionName,
        status: e.status,
        started: e.startTimestamp,
        duration: duration(e.startTimestamp, e.endTimestamp),
      })),
      ["id", "name", "function", "status", "started", "duration"],
    );
    if (page.nextCursor) process.stdout.write(`\nmore: --cursor ${page.nextCursor}\n`);
  },

  async get(client, args, json) {
    const e = await client.getExecution(requirePositional(args, 0, "execution id or ARN"));
    if (json) return printJson(e);
    printFields([
      ["id", e.executionId],
      ["arn", e.arn],
      ["name", e.name],
      ["function", e.functionName],
      ["status", e.status],
      ["started", e.startTimestamp],
      ["ended", e.endTimestamp],
      ["duration", duration(e.startTimestamp, e.endTimestamp)],
      ["input", e.inputPayload],
      ["result", e.result],
      ["error", e.error ? `${e.error.ErrorType ?? "Error"}: ${e.error.ErrorMessage ?? ""}` : undefined],
      ["redrives", e.redriveCount || undefined],
      ["replay of", e.replayOf],
    ]);
  },

  async history(client, args, json) {
    const id = requirePositional(args, 0, "execution id or ARN");
    const events = [];
    let after = 0;
    for (;;) {
      const page = await client.getHistory(id, { afterEventId: after, limit: 1000 });
      events.push(...page.items);
      if (!page.nextCursor || page.items.length === 0) break;
      after = page.items[page.items.length - 1].EventId;
    }
    if (json) return printJson({ Events: events });
    printTable(
      events.map((e) => ({ id: e.EventId, time: e.EventTimestamp, type: e.EventType, subtype: e.SubType, name: e.Name, operation: e.Id })),
      ["id", "time", "type", "subtype", "name", "operation"],
    );
  },

  async callback(client, args, json, audit) {
    const verb = requirePositional(args, 0, "succeed | fail | heartbeat");
    const callbackId = requirePositional(args, 1, "callback id");
    if (!["succeed", "fail", "heartbeat"].includes(verb)) throw new UsageError(`unknown callback action ${verb}; use succeed, fail or heartbeat`);
    audit.target = { action: `callback.${verb}`, callbackId };
    if (verb === "succeed") await client.sendCallbackSuccess(callbackId, stringFlag(args, "result"));
    else if (verb === "fail") {
      await client.sendCallbackFailure(callbackId, {
        ErrorType: stringFlag(args, "error-type") ?? "CallbackFailure",
        ErrorMessage: stringFlag(args, "message") ?? "Failed from the CLI",
      });
    } else await client.sendCallbackHeartbeat(callbackId);
    if (json) return printJson({ ok: true });
    process.stdout.write(`Callback ${verb} sent\n`);
  },

  async stop(client, args, json, audit) {
    const id = requirePositional(args, 0, "execution id or ARN");
    const message = stringFlag(args, "reason");
    audit.target = { action: "execution.stop", executionId: id };
    const result = await client.stopExecution(id, message ? { ErrorType: "Stopped", ErrorMessage: message } : undefined);
    if (json) return printJson(result ?? { ok: true });
    process.stdout.write(`Stopped ${id}\n`);
  },

  async redrive(client, args, json, audit) {
    const id = requirePositional(args, 0, "execution id or ARN");
    audit.target = { action: "execution.redrive", executionId: id };
    const result = await client.redriveExecution(id);
    if (json) return printJson(result ?? { ok: true });
    process.stdout.write(`Redriven ${id}\n`);
  },

  async replay(client, args, json, audit) {
    const id = requirePositional(args, 0, "execution id or ARN");
    const input = stringFlag(args, "input");
    audit.target = { action: "execution.replay", executionId: id };
    audit.details.editedInput = input !== undefined;
    const { execution } = await client.replayExecution(id, input !== undefined ? { input } : {});
    audit.details.newExecutionId = execution.executionId;
    if (json) return printJson(execution);
    process.stdout.write(`Replayed ${id} as ${execution.executionId}\n`);
  },
};
