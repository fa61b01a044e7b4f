/**
 * Claiming due executions on SQLite: inside one IMMEDIATE transaction (the caller's), select the
 * due rows whose lease is free or expired (and, given the claimer's function names, whose function
 * is one of them) and take their leases, so two claimers never get the same execution.
 */
import type { ClaimOptions, ExecutionRecord } from "../types";
import { rowToExecution, type ExecutionRow } from "./rows";
import type { Statements } from "./statements";

export function claimInTransaction(s: Statements, options: ClaimOptions): ExecutionRecord[] {
  const limit = Math.floor(options.limit);
  const names = options.functionNames;
  const rows = (
    names === undefined
      ? s.selectDue.all({ now: options.now, limit })
      : s.selectDueOfFunctions.all({ now: options.now, limit, functions: JSON.stringify(names) })
  ) as ExecutionRow[];
  const leaseExpiresAt = options.now + options.leaseMs;
  return rows.map((row) => {
    const token = options.newToken();
    s.takeLease.run(options.owner, leaseExpiresAt, token, row.execution_id);
    const record = rowToExecution(row);
    record.leaseOwner = options.owner;
    record.leaseExpiresAt = leaseExpiresAt;
    record.checkpointToken = token;
    record.version += 1;
    return record;
  });
}
