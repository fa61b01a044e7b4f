/**
 * `durable serve-handlers mod.ts --port 9001`: a module's Lambda handlers as their own process,
 * behind Lambda's invoke shape (sdk/runtime/handler-host.ts), for workers that register them with
 * `--remote name=http://127.0.0.1:9001`.
 *
 * The module exports `functions` (`{ name: handler }`, as for `--functions`) or, as a Lambda
 * handler file does, `handler`, which then answers for every function name. The handlers reach
 * the console through the official SDK's Lambda client: AWS_ENDPOINT_URL_LAMBDA (from
 * `--endpoint-url`), and a region and placeholder credentials when none are configured (the
 * console accepts unsigned or any-signed requests from loopback).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startHandlerHost, type HostedHandler } from "../sdk/runtime/handler-host";
import { intFlag, requirePositional, stringFlag, UsageError, type ParsedArgs } from "./args";
import { entryOf } from "./functions";

export async function runServeHandlers(args: ParsedArgs): Promise<void> {
  const modulePath = requirePositional(args, 0, "handler module (durable serve-handlers <module.ts> --port 9001)");
  const port = intFlag(args, "port") ?? 9001;
  const host = stringFlag(args, "host") ?? "127.0.0.1";
  const endpoint = stringFlag(args, "endpoint-url") ?? process.env.AWS_ENDPOINT_URL_LAMBDA ?? "http://127.0.0.1:3000";
  if (!/^https?:\/\/[^/?#\s]+\/?$/.test(endpoint)) throw new UsageError(`--endpoint-url: expected the console's base URL like http://127.0.0.1:3000, got ${endpoint}`);
  process.env.AWS_ENDPOINT_URL_LAMBDA = endpoint;
  process.env.AWS_REGION ??= process.env.AWS_DEFAULT_REGION ?? "us-east-1";
  if (!process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) {
    process.env.AWS_ACCESS_KEY_ID = "local";
    process.env.AWS_SECRET_ACCESS_KEY = "local";
  }
  const handlers = await loadHandlers(modulePath);
  const hosted = await startHandlerHost({ handlers, host, port });
  process.stdout.write(`serving ${[...handlers.keys()].join(", ")} at ${hosted.url} (checkpoints through ${endpoint})\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await hosted.close();
}

async function loadHandlers(modulePath: string): Promise<Map<string, HostedHandler>> {
  const mod = (await import(pathToFileURL(path.resolve(modulePath)).href)) as {
    functions?: Record<string, unknown>;
    handler?: unknown;
    default?: { functions?: Record<string, unknown>; handler?: unknown };
  };
  const functions = mod.functions ?? mod.default?.functions;
  const single = mod.handler ?? mod.default?.handler;
  const handlers = new Map<string, HostedHandler>();
  for (const [name, entry] of Object.entries(functions ?? {})) {
    const { handler } = entryOf(entry);
    if (typeof handler !== "function") throw new UsageError(`${modulePath}: functions.${name} is not a handler function`);
    handlers.set(name, handler as HostedHandler);
  }
  if (handlers.size === 0 && typeof single === "function") handlers.set("*", single as HostedHandler);
  if (handlers.size === 0) throw new UsageError(`${modulePath} exports neither \`functions\` nor a \`handler\` function`);
  return handlers;
}
