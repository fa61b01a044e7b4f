/**
 * Two runs compared (lib/compare), read through the console's redacting client: a redacted field
 * reads "[REDACTED]" on both sides, so the comparison can say neither its values nor whether they
 * differ.
 */
import "server-only";
import { compareExecutions } from "../../compare/load-run";
import type { RunComparison } from "../../compare/compare-runs";
import { durable } from "../durable";

export async function getRunComparison(a: string, b: string): Promise<RunComparison> {
  const { client } = await durable();
  return compareExecutions(client, a, b);
}
