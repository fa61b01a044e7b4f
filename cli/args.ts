/**
 * The argument parser. It knows only the flags a command declares (cli/specs.ts), so an unknown
 * or misspelt flag is refused instead of silently ignored, and the help text, read from the same
 * declarations, can never list a flag the parser does not take or miss one it does.
 *
 * Accepted: positionals, `--flag value`, `--flag=value`, boolean `--flag`, `-h`, and `--` (all
 * that follows is positional).
 */
export interface FlagSpec {
  /** Without the leading `--`. */
  name: string;
  /** Placeholder of the value (`<json>`); absent for a boolean flag. */
  value?: string;
  /** One line for the help text. */
  help: string;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
  /** `--help` or `-h` was given: print help, do nothing else (other mistakes do not matter then). */
  help: boolean;
  /** Every flag this command declares: reading any other one is a bug in the command. */
  declared: ReadonlySet<string>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const HELP_FLAG: FlagSpec = { name: "help", help: "print this help and exit" };

/**
 * Parses `argv` against `specs`. Problems are collected rather than thrown at once, so that
 * `--help` anywhere still prints help; `throwFirstProblem` reports them afterwards.
 */
export function parseArgs(argv: string[], specs: readonly FlagSpec[]): ParsedArgs & { problems: string[] } {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  const problems: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h") {
      help = true;
      continue;
    }
    if (/^-[A-Za-z]/.test(arg) && !arg.startsWith("--")) {
      problems.push(`unknown flag ${arg}${didYouMean(arg.slice(1), [...byName.keys()], "--")}`);
      continue;
    }
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = byName.get(name);
    if (name === HELP_FLAG.name) {
      help = true;
      continue;
    }
    if (!spec) {
      problems.push(`unknown flag --${name}${didYouMean(name, [...byName.keys()], "--")}`);
      continue;
    }
    if (!spec.value) {
      if (eq !== -1) problems.push(`--${name} takes no value`);
      else flags.set(name, true);
      continue;
    }
    if (eq !== -1) {
      flags.set(name, arg.slice(eq + 1));
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) {
      problems.push(`--${name} needs a value ${spec.value}`);
      continue;
    }
    flags.set(name, value);
    i++;
  }
  return { positionals, flags, help, declared: new Set(byName.keys()), problems };
}

export function throwFirstProblem(problems: readonly string[]): void {
  if (problems.length > 0) throw new UsageError(problems.join("; "));
}

/** `; did you mean --status?` when a candidate is close to what was typed, else "". */
export function didYouMean(typed: string, candidates: readonly string[], prefix = ""): string {
  const near = closest(typed, candidates);
  return near ? `; did you mean ${prefix}${near}?` : "";
}

/** The candidate nearest to `typed` by edit distance, if near enough to be a likely typo. */
function closest(typed: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(typed.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  const allowed = Math.max(1, Math.min(2, Math.floor(typed.length / 3)));
  const prefix = best !== undefined && typed.length >= 2 && best.startsWith(typed);
  return best !== undefined && (bestDistance <= allowed || prefix) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function assertDeclared(args: ParsedArgs, name: string): void {
  if (!args.declared.has(name)) throw new Error(`internal: flag --${name} is read but not declared for this command`);
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  assertDeclared(args, name);
  return args.flags.get(name) === true;
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  assertDeclared(args, name);
  const value = args.flags.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
}

export function intFlag(args: ParsedArgs, name: string): number | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}

export function requirePositional(args: ParsedArgs, index: number, what: string): string {
  const value = args.positionals[index];
  if (value === undefined) throw new UsageError(`missing ${what}`);
  return value;
}
