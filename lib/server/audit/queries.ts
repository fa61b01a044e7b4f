/**
 * Reading the audit log for the console: newest first, optionally of one execution, keyset-paged.
 */
import "server-only";
import type { AuditPage } from "../../types";
import { durable } from "../durable";

export const AUDIT_PAGE_SIZE = 50;

export type { AuditEntry, AuditPage } from "../../types";

export async function listAuditEntries(options: { executionId?: string; cursor?: string; limit?: number } = {}): Promise<AuditPage> {
  const { client } = await durable();
  const page = await client.listAudit({ executionId: options.executionId, cursor: options.cursor, limit: options.limit ?? AUDIT_PAGE_SIZE });
  const result: AuditPage = { items: page.items };
  if (page.nextCursor) result.nextCursor = page.nextCursor;
  return result;
}
