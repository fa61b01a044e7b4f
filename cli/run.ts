/**
 * The `durable` command as a function: arguments in, exit code out, output through a CliIo. The
 * process entry (cli/main.ts) hands it process.argv and process.stdout/stderr; tests call it
 * in-process.
 */
import { auditCliCommand, cliOutcome, CliAuditNote } from "../shared/audit/cli";
import { DurableClient, type FunctionRegistry } from "../sdk/runtime";
import { openStore } from "../sdk/store/open";
import type { DurableStore } from "../sdk/store/types";
import { didYouMean, HELP_FLAG, parseArgs, stringFlag, throwFirstProblem, UsageError, type ParsedArgs } from "./args";
import { clientCommands } from "./commands";
import { runHashPassword } from "./console";
import { runDynamoCommand } from "./dynamodb";
import { describeFailure, type Failure } from "./errors";
import { processIo, type CliIo } from "./format";
import { commandHelp, generalHelp, usageLine } from "./help";
import { runConsole, runDev, runWorker } from "./serve";
import { runServeHandlers } from "./serve-handlers";
import { COMMANDS, commandSpec, EXIT, GLOBAL_FLAGS, type CommandSpec } from "./specs";

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const json = wantsJson(argv);
  let spec: CommandSpec | undefined;
  try {
    const { command, flagsBefore, rest, helpBefore } = splitAtCommand(argv);
    if (command === undefined && flagsBefore.length > 0 && !helpBefore) throw new UsageError("missing command");
    if (command === undefined || command === "help") return printHelp(io, command === "help" ? rest.find((a) => !a.startsWith("-")) : undefined);
    spec = commandSpec(command);
    if (!spec) throw new UsageError(`unknown command ${command}${didYouMean(command, COMMANDS.map((c) => c.name))}`);
    const args = parseArgs([...flagsBefore, ...rest], [...GLOBAL_FLAGS, ...spec.flags]);
    if (args.help || helpBefore) {
      io.out(commandHelp(spec));
      return EXIT.ok;
    }
    throwFirstProblem(args.problems);
    const extra = args.positionals.slice(spec.args.length);
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
    await runCommand(spec, args, json, io);
    return EXIT.ok;
  } catch (error) {
    const failure = describeFailure(error, spec);
    reportFailure(io, failure, json, spec);
    return failure.exitCode;
  }
}

async function runCommand(spec: CommandSpec, args: ParsedArgs, json: boolean, io: CliIo): Promise<void> {
  switch (spec.name) {
    case "dev":
      return runDev(args);
    case "worker":
      return runWorker(args);
    case "console":
      return runConsole(args);
    case "hash-password":
      return runHashPassword();
    case "dynamodb":
      return runDynamoCommand(args, json);
    case "serve-handlers":
      return runServeHandlers(args);
  }
  const run = clientCommands[spec.name];
  if (!run) throw new Error(`internal: no implementation of command ${spec.name}`);
  let store: DurableStore | undefined;
  let client: DurableClient | undefined;
  const open = async (options: { code?: FunctionRegistry } = {}) => {
    // Reading and steering never create a store: a mistyped --store must not leave an empty one behind.
    store ??= await openStore(stringFlag(args, "store"), { mustExist: spec.store === "existing" });
    return (client ??= new DurableClient({ store, code: options.code }));
  };
  const audit = new CliAuditNote();
  const warn = (line: string) => io.err(`durable: warning: ${line}\n`);
  try {
    await run({ client: open, args, json, audit, io });
    if (store) await auditCliCommand(store, audit, cliOutcome(), warn);
  } catch (error) {
    const { code, message } = describeFailure(error, spec);
    if (store) await auditCliCommand(store, audit, cliOutcome({ errorCode: code, message }), warn);
    throw error;
  } finally {
    await store?.close();
  }
}

function printHelp(io: CliIo, commandName: string | undefined): number {
  if (commandName === undefined) {
    io.out(generalHelp());
    return EXIT.ok;
  }
  const spec = commandSpec(commandName);
  if (!spec) throw new UsageError(`unknown command ${commandName}${didYouMean(commandName, COMMANDS.map((c) => c.name))}`);
  io.out(commandHelp(spec));
  return EXIT.ok;
}

/**
 * The command is the first argument that is not a global flag or its value, so global flags work
 * before the command as after it (`durable --store x.db list`).
 */
function splitAtCommand(argv: string[]): { command?: string; flagsBefore: string[]; rest: string[]; helpBefore: boolean } {
  const byName = new Map(GLOBAL_FLAGS.map((f) => [f.name, f]));
  const flagsBefore: string[] = [];
  let helpBefore = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") return { command: argv[i + 1], flagsBefore, rest: argv.slice(i + 2), helpBefore };
    if (arg === "-h" || arg === `--${HELP_FLAG.name}`) {
      helpBefore = true;
      continue;
    }
    if (!arg.startsWith("-")) return { command: arg, flagsBefore, rest: argv.slice(i + 1), helpBefore };
    const name = arg.replace(/^--?/, "").split("=")[0];
    const spec = byName.get(name);
    if (!spec || !arg.startsWith("--")) {
      throw new UsageError(`unknown flag ${arg.split("=")[0]} before the command (only --store, --json and --help go there)${didYouMean(name, [...byName.keys()], "--")}`);
    }
    flagsBefore.push(arg);
    if (spec.value && !arg.includes("=") && i + 1 < argv.length) flagsBefore.push(argv[++i]);
  }
  return { command: undefined, flagsBefore, rest: [], helpBefore };
}

/** `--json` anywhere before `--`: errors are then printed as JSON too, even usage errors. */
function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).includes("--json");
}

function reportFailure(io: CliIo, failure: Failure, json: boolean, spec: CommandSpec | undefined): void {
  if (json) {
    const { code, message, details } = failure;
    io.err(`${JSON.stringify({ error: { code, message, ...(details ? { details } : {}) } })}\n`);
    return;
  }
  const tag = failure.code === "VALIDATION_ERROR" || failure.code === "INTERNAL_ERROR" ? "" : `${failure.code}: `;
  io.err(`durable: ${tag}${failure.message}\n`);
  if (failure.exitCode === EXIT.usage && failure.code === "VALIDATION_ERROR") {
    io.err(spec ? `Usage: ${usageLine(spec)}\nRun \`durable ${spec.name} --help\` for its options.\n` : "Run `durable --help` for the commands.\n");
  }
}
