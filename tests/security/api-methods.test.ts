/**
 * The request gate answers methods Next cannot carry (TRACE, PROPFIND, ...) from a table of each
 * API route's methods (lib/server/api-methods). This test holds the table to the route files:
 * every route file is in it, every method it lists has a handler, and every other method is
 * either not exported (Next answers 405) or answers 405 with the same Allow header.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { API_ROUTE_METHODS, apiMethodsAt } from "@/lib/server/api-methods";
import { AWS_ROUTE_METHODS, awsMethodsAt } from "@/lib/server/aws/paths";

const dir = mkdtempSync(path.join(tmpdir(), "api-methods-"));
// A 405 handler never touches the store; should a real handler run by mistake, it runs here.
process.env.DURABLE_STORE = path.join(dir, "durable.db");
afterAll(async () => {
  const { durable } = await import("@/lib/server/durable");
  await (await durable()).raw.store.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const apiRoot = path.resolve(__dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Every route file under app/api (or another tree), as `/api/...` with `:param` for dynamic segments. */
function routeFiles(folder = apiRoot, root = apiRoot, prefix = "/api"): Array<{ file: string; pattern: string }> {
  const found: Array<{ file: string; pattern: string }> = [];
  for (const name of readdirSync(folder)) {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) found.push(...routeFiles(full, root, prefix));
    else if (name === "route.ts") {
      const relative = path.relative(root, folder).split(path.sep).filter(Boolean);
      const pattern = [prefix, ...relative.map((part) => part.replace(/^\[(\w+)\]$/, ":$1"))].join("/");
      found.push({ file: full, pattern });
    }
  }
  return found;
}

// The catch-alls answer 404 ROUTE_NOT_FOUND for paths no route serves; they are not routes.
const routes = routeFiles().filter(({ pattern }) => pattern !== "/api" && !pattern.includes("[..."));

describe("the API route methods table", () => {
  it("lists exactly the route files", () => {
    expect(routes.map((r) => r.pattern).sort()).toEqual(API_ROUTE_METHODS.map(([pattern]) => pattern).sort());
  });

  it.each(routes.map((r) => [r.pattern, r.file] as const))("%s: the table's methods are served, the others refused alike", async (pattern, file) => {
    const route = (await import(file)) as Record<string, unknown>;
    const samplePath = pattern.replace(/:\w+/g, "AAAA");
    const allowed = apiMethodsAt(samplePath);
    expect(allowed, samplePath).toBeDefined();
    for (const method of METHODS) {
      const handler = route[method] as ((request: Request, context: unknown) => Promise<Response>) | undefined;
      if (allowed!.includes(method)) {
        expect(typeof handler, `${method} ${pattern}`).toBe("function");
        continue;
      }
      if (handler === undefined) continue;
      const response = await handler(new Request(`http://console.test${samplePath}`, { method }), { params: Promise.resolve({}) });
      expect([response.status, response.headers.get("allow")], `${method} ${pattern}`).toEqual([405, allowed!.join(", ")]);
    }
  });
});

// The Lambda API's routes (lib/server/aws): the gate answers their undeclared methods from AWS_ROUTE_METHODS.
const awsRoutes = ["2015-03-31", "2025-12-01"]
  .flatMap((version) => routeFiles(path.resolve(__dirname, "../../app", version), path.resolve(__dirname, "../../app", version), `/${version}`))
  .filter(({ pattern }) => !pattern.includes("[..."));

describe("the Lambda API route methods table", () => {
  it("lists exactly the route files", () => {
    expect(awsRoutes.map((r) => r.pattern).sort()).toEqual(AWS_ROUTE_METHODS.map(([pattern]) => pattern).sort());
  });

  it.each(awsRoutes.map((r) => [r.pattern, r.file] as const))("%s: the table's methods are served, the others refused alike", async (pattern, file) => {
    const route = (await import(file)) as Record<string, (request: Request, context: unknown) => Promise<Response>>;
    const samplePath = pattern.replace(/:\w+/g, "AAAA");
    const allowed = awsMethodsAt(samplePath);
    expect(allowed, samplePath).toBeDefined();
    for (const method of METHODS) {
      if (allowed!.includes(method)) continue;
      const response = await route[method]!(new Request(`http://console.test${samplePath}`, { method }), { params: Promise.resolve({}) });
      expect([response.status, response.headers.get("allow"), response.headers.get("x-amzn-errortype")], `${method} ${pattern}`).toEqual([
        405,
        allowed!.join(", "),
        "MethodNotAllowedException",
      ]);
    }
  });
});
