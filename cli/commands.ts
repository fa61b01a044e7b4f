import type { CliAuditNote } from "../shared/audit/cli";
import { DurableClientError, type DurableClient } from "../sdk/runtime";
import { EXECUTION_STATUSES, type ExecutionStatus } from "../sdk/types/wire";
import { intFlag, requirePositional, stringFlag, UsageError, type ParsedArgs } from "./args";
import { duration, formatFields, formatJson, formatTable, type CliIo } from "./format";
import { diffCommand } from "./diff";
import { logsCommand } from "./logs";
import { listStuck, listWorkers } from "./stuck";
import { checkDeterminismCommand, redriveCommand, rerunCommand } from "./resume";
import { bundleCommand } from "./bundle";
import { costCommand } from "./cost";
import type { FunctionRegistry } from "../sdk/runtime";
import { bulkCommand, jobsCommand } from "./bulk";

export interface CommandContext {
  /**
   * Opens the store: called once the command's own arguments are checked, so bad usage never
   * touches it. `code`: the handlers the determinism check replays histories through.
   */
  client(options?: { code?: FunctionRegistry }): Promise<DurableClient>;
  args: ParsedArgs;
  json: boolean;
  audit: CliAuditNote;
  io: CliIo;
}

/**
 * Commands that only talk to the store through the client API (no handler code runs here). A
 * command that changes state names what it acts on in `audit.target` before it acts (and adds
 * what it learns, like the console's route handlers do), and cli/run.ts records it in the audit log.
 */
export const clientCommands: Record<string, (context: CommandContext) => Promise<void>> = {
  async start({ client, args, json, audit, io }) {
    const functionName = requirePositional(args, 0, "function name (durable start <function> --input <json>)");
    const input = stringFlag(args, "input");
    const name = stringFlag(args, "name");
    audit.target = { action: "execution.start" };
    audit.details.functionName = functionName;
    const { execution, alreadyExisted } = await (await client()).startExecution({
      functionName,
      ...(input !== undefined ? { input } : {}),
      ...(name ? { name } : {}),
    });
    audit.executionId = execution.executionId;
    if (alreadyExisted) audit.details.alreadyExisted = true;
    if (json) return io.out(formatJson({ execution, alreadyExisted }));
    io.out(`${alreadyExisted ? "Already started" : "Started"} ${execution.executionId} (${execution.functionName})\n`);
  },

  async list(context) {
    if (context.args.flags.has("stuck")) return listStuck(context);
    const { client, args, json, io } = context;
    const statuses = stringFlag(args, "status")
      ?.split(",")
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
    for (const s of statuses ?? []) {
      if (!EXECUTION_STATUSES.includes(s as ExecutionStatus)) throw new UsageError(`--status: unknown status ${s}; one of ${EXECUTION_STATUSES.join(", ")}`);
    }
    const query = {
      ...(stringFlag(args, "function") ? { functionName: stringFlag(args, "function") } : {}),
      ...(statuses?.length ? { statuses: statuses as ExecutionStatus[] } : {}),
      ...(stringFlag(args, "q") ? { nameOrId: stringFlag(args, "q") } : {}),
      ...(stringFlag(args, "from") ? { startedAfter: stringFlag(args, "from") } : {}),
      ...(stringFlag(args, "to") ? { startedBefore: stringFlag(args, "to") } : {}),
      ...(stringFlag(args, "cursor") ? { cursor: stringFlag(args, "cursor") } : {}),
      limit: intFlag(args, "limit") ?? 50,
    };
    const page = await (await client()).listExecutions(query).catch((error: unknown) => {
      // The store's cursor check has no field path to map; name the flag here.
      if (DurableClientError.is(error) && error.code === "VALIDATION_ERROR" && !error.details && /cursor/i.test(error.message)) throw new UsageError(`--cursor: ${error.message}`);
      throw error;
    });
    if (json) return io.out(formatJson(page));
    const rows = page.items.map((e) => ({
      id: e.executionId,
      name: e.name === e.executionId ? "" : e.name,
      function: e.functionName,
      status: e.status,
      started: e.startTimestamp,
      duration: duration(e.startTimestamp, e.endTimestamp),
    }));
    io.out(formatTable(rows, ["id", "name", "function", "status", "started", "duration"]));
    if (page.nextCursor) io.out(`\nmore: --cursor ${page.nextCursor}\n`);
  },

  async get({ client, args, json, io }) {
    const id = requirePositional(args, 0, "execution id or ARN");
    const e = await (await client()).getExecution(id);
    if (json) return io.out(formatJson(e));
    const fields: Array<[string, unknown]> = [
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
    ];
    io.out(formatFields(fields));
  },

  async history({ client, args, json, io }) {
    const id = requirePositional(args, 0, "execution id or ARN");
    const durable = await client();
    const events = [];
    let after = 0;
    for (;;) {
      const page = await durable.getHistory(id, { afterEventId: after, limit: 1000 });
      events.push(...page.items);
      if (!page.nextCursor || page.items.length === 0) break;
      after = page.items[page.items.length - 1].EventId;
    }
    if (json) return io.out(formatJson({ Events: events }));
    const rows = events.map((e) => ({ id: e.EventId, time: e.EventTimestamp, type: e.EventType, subtype: e.SubType, name: e.Name, operation: e.Id }));
    io.out(formatTable(rows, ["id", "time", "type", "subtype", "name", "operation"]));
  },

  logs: logsCommand,

  diff: diffCommand,

  workers: listWorkers,

  async callback({ client, args, json, audit, io }) {
    const verb = requirePositional(args, 0, "succeed | fail | heartbeat");
    const callbackId = requirePositional(args, 1, "callback id");
    if (!["succeed", "fail", "heartbeat"].includes(verb)) throw new UsageError(`unknown callback action ${verb}; use succeed, fail or heartbeat`);
    // Each answer takes its own flags; one given to another answer would be silently dropped.
    const flagsOf: Record<string, string[]> = { succeed: ["result"], fail: ["error-type", "message"], heartbeat: [] };
    for (const flag of ["result", "error-type", "message"]) {
      if (args.flags.has(flag) && !flagsOf[verb].includes(flag)) throw new UsageError(`--${flag} does not apply to callback ${verb}`);
    }
    const durable = await client();
    audit.target = { action: `callback.${verb}`, callbackId };
    if (verb === "succeed") await durable.sendCallbackSuccess(callbackId, stringFlag(args, "result"));
    else if (verb === "fail") {
      await durable.sendCallbackFailure(callbackId, {
        ErrorType: stringFlag(args, "error-type") ?? "CallbackFailure",
        ErrorMessage: stringFlag(args, "message") ?? "Failed from the CLI",
      });
    } else await durable.sendCallbackHeartbeat(callbackId);
    if (json) return io.out(formatJson({ ok: true }));
    io.out(`Callback ${verb} sent\n`);
  },

  async stop({ client, args, json, audit, io }) {
    const id = requirePositional(args, 0, "execution id or ARN");
    const message = stringFlag(args, "reason");
    audit.target = { action: "execution.stop", executionId: id };
    const result = await (await client()).stopExecution(id, message ? { ErrorType: "Stopped", ErrorMessage: message } : undefined);
    if (json) return io.out(formatJson(result ?? { ok: true }));
    io.out(`Stopped ${id}\n`);
  },

  redrive: redriveCommand,
  "check-determinism": checkDeterminismCommand,
  rerun: rerunCommand,
  bulk: bulkCommand,
  jobs: jobsCommand,
  bundle: bundleCommand,
  cost: costCommand,

  async replay({ client, args, json, audit, io }) {
    const id = requirePositional(args, 0, "execution id or ARN");
    const input = stringFlag(args, "input");
    audit.target = { action: "execution.replay", executionId: id };
    audit.details.editedInput = input !== undefined;
    const { execution } = await (await client()).replayExecution(id, input !== undefined ? { input } : {});
    audit.details.newExecutionId = execution.executionId;
    if (json) return io.out(formatJson(execution));
    io.out(`Replayed ${id} as ${execution.executionId}\n`);
  },
};
