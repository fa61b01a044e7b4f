/**
 * The `answerSchema` a handler gives, in the stored form (JSON text): a JSON Schema of the subset
 * (./answer-schema), or a zod schema converted by zod's own JSON Schema support.
 */
import { z } from "zod";
import { AnswerSchemaError, checkAnswerSchema, MAX_ANSWER_SCHEMA_BYTES, type AnswerSchema } from "./answer-schema";

export type AnswerSchemaInput = AnswerSchema | z.ZodType;

/** The stored form (JSON text) of a schema given as JSON Schema or as a zod schema. */
export function answerSchemaText(input: AnswerSchemaInput): string {
  const schema = input instanceof z.ZodType ? fromZod(input) : input;
  const text = JSON.stringify(checkAnswerSchema(schema));
  if (new TextEncoder().encode(text).length > MAX_ANSWER_SCHEMA_BYTES) {
    throw new AnswerSchemaError(`answerSchema is larger than ${MAX_ANSWER_SCHEMA_BYTES} bytes`);
  }
  return text;
}

/** zod's own JSON Schema, without the draft marker; zod adds `additionalProperties: false` to strict objects. */
function fromZod(schema: z.ZodType): unknown {
  const { $schema: _draft, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "throw" }) as Record<string, unknown>;
  return rest;
}

