/** The help texts, rendered from the command declarations in cli/specs.ts. */
import { HELP_FLAG, type FlagSpec } from "./args";
import { COMMANDS, EXIT_CODES_TEXT, GLOBAL_FLAGS, type CommandSpec } from "./specs";

export function usageLine(spec: CommandSpec): string {
  return ["durable", spec.name, ...spec.args, ...(spec.flags.length > 0 ? ["[options]"] : [])].join(" ");
}

/** `durable --help`: every command with its one-line summary. */
export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "durable <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Global options (before or after the command):",
    ...flagLines([...GLOBAL_FLAGS, { ...HELP_FLAG, help: "help of the command (also: durable help <command>)" }]),
    "",
    "Steering commands (start, stop, redrive, replay, rerun, callback) are written to the audit log as cli:<user>.",
    EXIT_CODES_TEXT,
    "",
  ].join("\n");
}

/** `durable <command> --help`: usage, what it does, its flags, an example. */
export function commandHelp(spec: CommandSpec): string {
  const lines = [`Usage: ${usageLine(spec)}`, "", `${capitalise(spec.summary)}.`];
  if (spec.store === "existing") lines.push("Reads the store only if it exists: a missing store is an error (exit 3), never created.");
  if (spec.flags.length > 0) lines.push("", "Options:", ...flagLines(spec.flags));
  lines.push("", "Global options:", ...flagLines([...GLOBAL_FLAGS, { ...HELP_FLAG, name: "help" }]));
  lines.push("", spec.examples.length > 1 ? "Examples:" : "Example:", ...spec.examples.map((e) => `  ${e}`), "");
  return lines.join("\n");
}

function flagLines(flags: FlagSpec[]): string[] {
  const labels = flags.map((f) => (f.name === HELP_FLAG.name ? "-h, --help" : `--${f.name}${f.value ? ` ${f.value}` : ""}`));
  const width = Math.max(...labels.map((l) => l.length));
  return flags.map((f, i) => `  ${labels[i].padEnd(width)}  ${f.help}`);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
