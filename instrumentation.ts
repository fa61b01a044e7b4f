/**
 * Runs once when the Next server starts, after it began listening and before it serves a
 * request:
 * - the request gate goes in front of Next's router (lib/server/request-gate): requests Next
 *   would answer with a bare 500 (bad percent-encoding, TRACE, CONNECT, ...) get a clear 4xx;
 * - the console refuses to run without authentication on a non-loopback address, or with
 *   settings it cannot parse (lib/server/auth/startup).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { installRequestGate } = await import("./lib/server/request-gate");
  installRequestGate();
  const { enforceStartupPolicy } = await import("./lib/server/auth/startup");
  enforceStartupPolicy();
}
