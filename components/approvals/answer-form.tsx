"use client";
/**
 * The form a typed callback asks for (its answerSchema): a field per property (an enum as a
 * select, a boolean as a checkbox, numbers as number inputs, required ones marked, descriptions
 * as hints), and a field the handler marked `x-durable-fill: signed-in-user` filled with who is
 * signed in and not editable (the server writes it again). A decision form (a boolean `approved`)
 * gets Approve and Reject buttons instead of a checkbox. The answer is checked here with the same
 * rules the server applies, so a mistake is shown beside its field before anything is sent.
 */
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select, Textarea } from "@/components/ui/form";
import { errorMessage } from "@/lib/client/api-client";
import { useActionGate, useSession } from "@/lib/client/session-context";
import { validateAnswer, type AnswerProblem, type AnswerSchema } from "@/sdk/utils/answer-schema";
import { useCallbackAnswer } from "@/components/execution/callback-actions";

type Values = Record<string, string | boolean>;
type PropertySchema = AnswerSchema;

const LONG_TEXT = 120;

/** Where a form's answer goes: one callback's answer mutation, or one answer for several. */
export interface AnswerSender {
  send: (result: string, label: string) => void;
  isPending: boolean;
  error: Error | null;
}

/** The sender of one callback's answer (the execution page, an inbox row). */
export function useSingleAnswer(callbackId: string, onAnswered?: (label: string) => void): AnswerSender {
  const answer = useCallbackAnswer(callbackId, onAnswered);
  return { send: (result, label) => answer.mutate({ kind: "succeed", result, label }), isPending: answer.isPending, error: answer.error };
}

export function AnswerForm({
  schema,
  label,
  sender: answer,
}: {
  schema: AnswerSchema;
  /** What the form answers, for its accessible name. */
  label: string;
  sender: AnswerSender;
}) {
  const formId = useId();
  const gate = useActionGate();
  const session = useSession();
  const signedIn = session.user?.name ?? "local";
  const properties: Array<[string, PropertySchema]> = schema.type === "object" ? Object.entries(schema.properties ?? {}) : [["value", schema]];
  const required = new Set(schema.type === "object" ? (schema.required ?? []) : ["value"]);
  const decision = properties.some(([name, property]) => name === "approved" && property.type === "boolean");
  const [values, setValues] = useState<Values>(() => initialValues(properties, signedIn));
  const [problems, setProblems] = useState<AnswerProblem[]>([]);

  const submit = (approved?: boolean) => {
    const built = buildAnswer(schema, properties, decision ? { ...values, approved: approved ?? false } : values);
    const found = validateAnswer(schema, built);
    setProblems(found);
    if (found.length > 0) return;
    answer.send(JSON.stringify(built), decision ? (approved ? "Approved" : "Rejected") : "Answered");
  };
  const problemAt = (name: string) => problems.find((p) => p.path === (schema.type === "object" ? name : ""))?.message;

  return (
    <form
      aria-label={`Answer ${label}`}
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        // Enter in a decision form's field must not reject: Approve and Reject are the only ways.
        if (!decision) submit();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {properties
          .filter(([name]) => !(decision && name === "approved"))
          .map(([name, property]) => (
            <FieldFor
              key={name}
              id={`${formId}-${name}`}
              name={name}
              property={property}
              required={required.has(name)}
              value={values[name]}
              problem={problemAt(name)}
              onChange={(value) => {
                setValues((current) => ({ ...current, [name]: value }));
                // A field being corrected no longer shows the old problem.
                setProblems((current) => current.filter((p) => p.path !== name));
              }}
            />
          ))}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {decision ? (
          <>
            <Button type="button" variant="success" {...gate.props({ disabled: answer.isPending })} onClick={() => submit(true)}>
              Approve
            </Button>
            <Button type="button" variant="danger" {...gate.props({ disabled: answer.isPending })} onClick={() => submit(false)}>
              Reject
            </Button>
          </>
        ) : (
          <Button type="submit" variant="primary" {...gate.props({ disabled: answer.isPending })}>
            Send answer
          </Button>
        )}
        {problems.length > 0 && problems.every((p) => !p.path) ? <span role="alert" className="text-xs text-red-700 dark:text-red-300">{problems[0]!.message}</span> : null}
        {answer.error ? (
          <span role="alert" className="text-xs text-red-700 dark:text-red-300">
            {errorMessage(answer.error)}
          </span>
        ) : null}
      </div>
    </form>
  );
}

function FieldFor({
  id,
  name,
  property,
  required,
  value,
  problem,
  onChange,
}: {
  id: string;
  name: string;
  property: PropertySchema;
  required: boolean;
  value: string | boolean | undefined;
  problem?: string;
  onChange: (value: string | boolean) => void;
}) {
  const title = property.title ?? humanize(name);
  const filled = property["x-durable-fill"] === "signed-in-user";
  const describedBy = property.description || problem ? `${id}-hint` : undefined;
  const common = { id, "aria-invalid": problem ? true : undefined, "aria-describedby": describedBy, required };
  let control: React.ReactNode;
  if (property.type === "boolean") {
    control = <input type="checkbox" {...common} checked={value === true} onChange={(event) => onChange(event.target.checked)} className="size-4" />;
  } else if ("enum" in property && property.enum) {
    control = (
      <Select {...common} value={String(value ?? "")} onChange={(event) => onChange(event.target.value)}>
        {required ? null : <option value="">—</option>}
        {property.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </Select>
    );
  } else if (property.type === "number" || property.type === "integer") {
    control = <Input {...common} type="number" step={property.type === "integer" ? 1 : "any"} value={String(value ?? "")} onChange={(event) => onChange(event.target.value)} />;
  } else if (property.type === "string" && (property.maxLength ?? Infinity) > LONG_TEXT && !filled) {
    control = <Textarea {...common} rows={2} className="font-sans! text-sm!" value={String(value ?? "")} onChange={(event) => onChange(event.target.value)} />;
  } else {
    const placeholder = property.type === "array" ? "comma-separated" : undefined;
    control = <Input {...common} readOnly={filled} placeholder={placeholder} value={String(value ?? "")} onChange={(event) => onChange(event.target.value)} />;
  }
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {title}
        {required ? <span aria-hidden className="text-red-600"> *</span> : null}
        {filled ? <span className="font-normal text-zinc-500"> (you)</span> : null}
      </label>
      {control}
      {problem || property.description ? (
        <p id={describedBy} role={problem ? "alert" : undefined} className={`text-xs ${problem ? "text-red-700 dark:text-red-300" : "text-zinc-500 dark:text-zinc-400"}`}>
          {problem ? `${title} ${problem}` : property.description}
        </p>
      ) : null}
    </div>
  );
}

/** `amountApproved` -> "Amount approved": a field's label when the schema gives no title. */
function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, " ").replace(/([a-z0-9])([A-Z])/g, "$1 $2").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function initialValues(properties: Array<[string, PropertySchema]>, signedIn: string): Values {
  const values: Values = {};
  for (const [name, property] of properties) {
    if (property["x-durable-fill"] === "signed-in-user") values[name] = signedIn;
    else if (property.default !== undefined) values[name] = typeof property.default === "boolean" ? property.default : String(property.default);
    else if (property.type === "boolean") values[name] = false;
    else if ("enum" in property && property.enum?.length) values[name] = String(property.enum[0]);
  }
  return values;
}

/** The answer the form's values make: typed per the schema, empty optional fields left out. */
function buildAnswer(schema: AnswerSchema, properties: Array<[string, PropertySchema]>, values: Values): unknown {
  const typed = (property: PropertySchema, raw: string | boolean | undefined): unknown => {
    if (property.type === "boolean") return raw === true;
    const text = typeof raw === "string" ? raw.trim() : "";
    if (text === "") return undefined;
    if (property.type === "number" || property.type === "integer") return Number(text);
    if (property.type === "array") return text.split(",").map((item) => item.trim()).filter(Boolean);
    return text;
  };
  if (schema.type !== "object") return typed(schema, values.value);
  const out: Record<string, unknown> = {};
  for (const [name, property] of properties) {
    const value = typed(property, values[name]);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
