/**
 * An execution's payloads live beside its item, in two items of its partition: `IN` (the input)
 * and `OUT` (the result and the error). The execution item stays small (cheap to rewrite on every
 * checkpoint, cheap to project into the indexes), and ending an execution writes its result
 * without rewriting its input (a transaction carries at most 4 MB).
 *
 * Each part has a generation: the execution version that wrote it, kept in the execution item
 * (`inputGen`, `outputGen`) and in the part's head. A reader that pairs an execution item with a
 * part of another generation read across a write, and reads again.
 */
import type { ErrorObject } from "../../types/wire";
import type { ExecutionPatch, ExecutionRecord } from "../types";
import { blobItems, type BlobItems } from "./blobs";
import { executionPk } from "./keys";
import type { Item, Key } from "./requests";

type PayloadField = "inputPayload" | "result" | "error";

export interface PayloadPart {
  sk: string;
  genAttribute: "inputGen" | "outputGen";
  fields: readonly PayloadField[];
}

export const PAYLOAD_PARTS: readonly PayloadPart[] = [
  { sk: "IN", genAttribute: "inputGen", fields: ["inputPayload"] },
  { sk: "OUT", genAttribute: "outputGen", fields: ["result", "error"] },
];

export type Payloads = Partial<Pick<ExecutionRecord, PayloadField>>;

export const partKey = (part: PayloadPart, executionId: string): Key => ({ pk: executionPk(executionId), sk: part.sk });

export function partHasData(part: PayloadPart, record: Payloads): boolean {
  return part.fields.some((field) => record[field] !== undefined);
}

/** Whether a patch rewrites this part (names one of its fields, to set or to clear). */
export function partPatched(part: PayloadPart, patch: ExecutionPatch): boolean {
  return part.fields.some((field) => patch[field] !== undefined);
}

export function partItems(part: PayloadPart, record: ExecutionRecord, gen: number): BlobItems {
  const body: Payloads = {};
  for (const field of part.fields) if (record[field] !== undefined) (body as Record<string, unknown>)[field] = record[field];
  return blobItems(partKey(part, record.executionId), { gen }, JSON.stringify(body), gen);
}

/** The payload fields a part's body holds. */
export function partFields(body: string): Payloads {
  const parsed = JSON.parse(body) as { inputPayload?: string; result?: string; error?: ErrorObject };
  const payloads: Payloads = {};
  if (parsed.inputPayload !== undefined) payloads.inputPayload = parsed.inputPayload;
  if (parsed.result !== undefined) payloads.result = parsed.result;
  if (parsed.error !== undefined) payloads.error = parsed.error;
  return payloads;
}

/** The generation an execution item says its part has (undefined: it has none). */
export function partGen(part: PayloadPart, executionItem: Item): number | undefined {
  const gen = executionItem[part.genAttribute];
  return typeof gen === "number" ? gen : undefined;
}
