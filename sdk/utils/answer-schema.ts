/**
 * Typed callback answers: the JSON Schema a callback's answer must satisfy (`answerSchema` on
 * createCallback / waitForCallback, a durable-console extension the official SDK ignores).
 *
 * One subset of JSON Schema, in one place, for everything that touches it: the runtime refuses a
 * schema outside it when the callback starts, the client validates answers against it (so the
 * console, the CLI and the HTTP APIs refuse the same answers with the same paths), and the
 * console renders a form from it. The subset is what an approval form needs: objects of
 * strings, numbers, integers and booleans (enums, lengths, bounds, patterns), arrays of those,
 * `required`, `title`, `description` and `default`. Pure and browser-safe (no imports: the
 * operation table uses it); a zod schema is converted in ./answer-schema-zod.
 */
export type AnswerSchema =
  | ({ type: "object"; properties?: Record<string, AnswerSchema>; required?: string[]; additionalProperties?: boolean } & Annotations)
  | ({ type: "array"; items?: AnswerSchema; minItems?: number; maxItems?: number } & Annotations)
  | ({ type: "string"; enum?: string[]; minLength?: number; maxLength?: number; pattern?: string; format?: string } & Annotations)
  | ({ type: "number" | "integer"; enum?: number[]; minimum?: number; maximum?: number } & Annotations)
  | ({ type: "boolean" } & Annotations);

interface Annotations {
  title?: string;
  description?: string;
  default?: unknown;
  /** "signed-in-user": the console fills this field with who answers, and it cannot be edited. */
  "x-durable-fill"?: "signed-in-user";
}

export interface AnswerProblem {
  /** Where, from the answer's root: `reason`, `items[2]`; "" for the answer itself. */
  path: string;
  message: string;
}

/** A schema outside the subset, or not JSON. */
export class AnswerSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AnswerSchemaError";
  }
}

export const MAX_ANSWER_SCHEMA_BYTES = 64 * 1024;

const ANNOTATIONS = ["title", "description", "default", "x-durable-fill", "$schema"];
const KEYWORDS: Record<AnswerSchema["type"], string[]> = {
  object: ["properties", "required", "additionalProperties"],
  array: ["items", "minItems", "maxItems"],
  string: ["enum", "minLength", "maxLength", "pattern", "format"],
  number: ["enum", "minimum", "maximum"],
  integer: ["enum", "minimum", "maximum"],
  boolean: [],
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Checks that `value` is a schema of the subset; throws AnswerSchemaError naming the first problem. */
export function checkAnswerSchema(value: unknown, at = "answerSchema"): AnswerSchema {
  if (!isRecord(value)) throw new AnswerSchemaError(`${at} must be a JSON Schema object`);
  const type = value.type;
  if (typeof type !== "string" || !(type in KEYWORDS)) {
    throw new AnswerSchemaError(`${at}.type must be one of ${Object.keys(KEYWORDS).join(", ")}`);
  }
  const allowed = new Set([...ANNOTATIONS, "type", ...KEYWORDS[type as AnswerSchema["type"]]]);
  for (const key of Object.keys(value)) if (!allowed.has(key)) throw new AnswerSchemaError(`${at}.${key} is not supported for type ${type}`);
  if (value["x-durable-fill"] !== undefined && (value["x-durable-fill"] !== "signed-in-user" || type !== "string")) {
    throw new AnswerSchemaError(`${at}.x-durable-fill must be "signed-in-user", on a string`);
  }
  if (type === "object") {
    const properties = value.properties ?? {};
    if (!isRecord(properties)) throw new AnswerSchemaError(`${at}.properties must be an object`);
    for (const [name, property] of Object.entries(properties)) checkAnswerSchema(property, `${at}.properties.${name}`);
    if (value.required !== undefined && (!Array.isArray(value.required) || !value.required.every((r) => typeof r === "string" && r in properties))) {
      throw new AnswerSchemaError(`${at}.required must list properties the schema declares`);
    }
  }
  if (type === "array" && value.items !== undefined) checkAnswerSchema(value.items, `${at}.items`);
  if (value.enum !== undefined) {
    const kind = type === "string" ? "string" : "number";
    if (!Array.isArray(value.enum) || value.enum.length === 0 || !value.enum.every((e) => typeof e === kind)) {
      throw new AnswerSchemaError(`${at}.enum must be a non-empty list of ${kind}s`);
    }
  }
  for (const key of ["minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"]) {
    if (value[key] !== undefined && (typeof value[key] !== "number" || !Number.isFinite(value[key]))) throw new AnswerSchemaError(`${at}.${key} must be a number`);
  }
  if (value.pattern !== undefined) {
    try {
      new RegExp(String(value.pattern), "u");
    } catch {
      throw new AnswerSchemaError(`${at}.pattern is not a valid regular expression`);
    }
  }
  return value as unknown as AnswerSchema;
}

/** Reads a stored schema (JSON text); throws AnswerSchemaError when it is not one of the subset. */
export function parseAnswerSchema(text: string): AnswerSchema {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AnswerSchemaError("answerSchema is not JSON");
  }
  return checkAnswerSchema(value);
}

/** Every way `value` breaks `schema`, with its path; empty when it fits. */
export function validateAnswer(schema: AnswerSchema, value: unknown, path = ""): AnswerProblem[] {
  const problem = (message: string): AnswerProblem[] => [{ path, message }];
  const join = (key: string | number) => (typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key);
  switch (schema.type) {
    case "object": {
      if (!isRecord(value)) return problem("must be an object");
      const out: AnswerProblem[] = [];
      const properties = schema.properties ?? {};
      for (const name of schema.required ?? []) if (value[name] === undefined) out.push({ path: join(name), message: "is required" });
      for (const [name, item] of Object.entries(value)) {
        const property = properties[name];
        if (property) out.push(...validateAnswer(property, item, join(name)));
        else if (schema.additionalProperties === false) out.push({ path: join(name), message: "is not a field of this answer" });
      }
      return out;
    }
    case "array": {
      if (!Array.isArray(value)) return problem("must be a list");
      const out: AnswerProblem[] = [];
      if (schema.minItems !== undefined && value.length < schema.minItems) out.push({ path, message: `must have at least ${schema.minItems} items` });
      if (schema.maxItems !== undefined && value.length > schema.maxItems) out.push({ path, message: `must have at most ${schema.maxItems} items` });
      if (schema.items) value.forEach((item, i) => out.push(...validateAnswer(schema.items!, item, join(i))));
      return out;
    }
    case "string": {
      if (typeof value !== "string") return problem("must be a string");
      if (schema.enum && !schema.enum.includes(value)) return problem(`must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
      if (schema.minLength !== undefined && [...value].length < schema.minLength) return problem(schema.minLength === 1 ? "must not be empty" : `must be at least ${schema.minLength} characters`);
      if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return problem(`must be at most ${schema.maxLength} characters`);
      if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) return problem(`must match ${schema.pattern}`);
      if (schema.format === "email" && !/^[^\s@]+@[^\s@]+$/.test(value)) return problem("must be an email address");
      return [];
    }
    case "number":
    case "integer": {
      if (typeof value !== "number" || !Number.isFinite(value)) return problem("must be a number");
      if (schema.type === "integer" && !Number.isInteger(value)) return problem("must be a whole number");
      if (schema.enum && !schema.enum.includes(value)) return problem(`must be one of ${schema.enum.join(", ")}`);
      if (schema.minimum !== undefined && value < schema.minimum) return problem(`must be at least ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) return problem(`must be at most ${schema.maximum}`);
      return [];
    }
    case "boolean":
      return typeof value === "boolean" ? [] : problem("must be true or false");
  }
}

/** Validates an answer as sent (raw text): it must be JSON, then fit the schema. */
export function validateAnswerText(schema: AnswerSchema, text: string | undefined): AnswerProblem[] {
  if (text === undefined) return [{ path: "", message: "an answer is required" }];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [{ path: "", message: "must be JSON" }];
  }
  return validateAnswer(schema, value);
}
