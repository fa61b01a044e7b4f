import fs from "node:fs";
import path from "node:path";

/**
 * Demo switches that stand in for the outside world: "is the warehouse API up?". They live in a
 * small JSON file beside the store so a person (or a test) can fix the cause of a failure and
 * then redrive the execution. `DURABLE_EXAMPLE_SWITCHES` points elsewhere.
 */
export function switchesFile(): string {
  return process.env.DURABLE_EXAMPLE_SWITCHES ?? path.join(process.env.DURABLE_DATA_DIR ?? ".durable", "switches.json");
}

export function readSwitches(): Record<string, boolean> {
  try {
    const parsed = JSON.parse(fs.readFileSync(switchesFile(), "utf8")) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Record<string, boolean>) : {};
  } catch {
    return {};
  }
}

export function isSwitchOn(name: string, fallback: boolean): boolean {
  const value = readSwitches()[name];
  return typeof value === "boolean" ? value : fallback;
}

export function setSwitch(name: string, value: boolean): void {
  const file = switchesFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...readSwitches(), [name]: value }, null, 2));
}
