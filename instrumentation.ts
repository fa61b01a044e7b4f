/**
 * Runs once when the Next server starts, after it began listening and before it serves a
 * request: the console refuses to run without authentication on a non-loopback address, or with
 * settings it cannot parse (lib/auth/startup).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { enforceStartupPolicy } = await import("./lib/auth/startup");
  enforceStartupPolicy();
}
