/** What the error scenarios share: error classes and steps to fail with, README names, a check. */
import type { DurableContext } from "../../../sdk";
import { expect } from "vitest";
import { noRetry, type NormalizedRun } from "../scenario";

/** A user-defined error class, as handlers define them. */
export class InsufficientFunds extends Error {
  constructor(readonly balance: number) {
    super(`balance ${balance} is too low`);
    this.name = "InsufficientFunds";
  }
}

/** A step that throws what `error` makes, with no retry. */
export const failingStep = (ctx: DurableContext, name: string | undefined, error: () => unknown) =>
  ctx.step(name, async (): Promise<never> => { throw error(); }, { retryStrategy: noRetry });

/** A serdes whose serialize or deserialize throws, as one backed by an unreachable store would. */
export function brokenSerdes(direction: "serialize" | "deserialize") {
  return {
    serialize: async (value: unknown) => {
      if (direction === "serialize") throw new Error("vault unreachable on write");
      return value === undefined ? undefined : JSON.stringify(value);
    },
    deserialize: async (data: string | undefined) => {
      if (direction === "deserialize") throw new Error("vault unreachable on read");
      return data === undefined ? undefined : JSON.parse(data);
    },
  };
}

/** The README entries ("Where we differ from the official SDK, and why") the error scenarios pin. */
export const README = {
  nonErrors: "Thrown non-Errors keep their value",
  retryNumbering: "Retry numbering",
  batchCause: "Batch item errors carry their cause once",
  machinePaths: "No machine paths in stored errors",
  nonDeterminism: "Nothing runs after a non-determinism failure",
  submitter: "A failed waitForCallback submitter cancels its callback",
  invocationErrors: "Invocation errors are retried, then fail the execution",
  unknownFunction: "Invoking an unknown function fails the invoke",
  invokeHistory: "Chained invokes record what they called",
} as const;

type RunField = keyof NormalizedRun;

/** Every field of the two runs but those in `except` is the same. */
export function expectRestEqual(ours: NormalizedRun, theirs: NormalizedRun, except: RunField[]): void {
  for (const field of ["status", "outcome", "operations", "events", "invocations", "ran", "observed"] as RunField[]) {
    if (!except.includes(field)) expect(ours[field], field).toEqual(theirs[field]);
  }
}
