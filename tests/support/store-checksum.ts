import { createHash } from "node:crypto";
import Database from "better-sqlite3";

/**
 * A checksum of everything a SQLite store holds: every row of every table, in key order. Read
 * through SQLite (not the file bytes), so WAL frames and page layout do not matter — only content.
 */
export function storeChecksum(file: string, options: { except?: string[] } = {}): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash("sha256");
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    for (const table of tables.filter((name) => !options.except?.includes(name))) {
      hash.update(`#${table}\n`);
      const columns = (db.prepare(`PRAGMA table_info("${table}")`).all() as unknown[]).length;
      const order = Array.from({ length: columns }, (_, i) => i + 1).join(", ");
      for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).raw().iterate()) hash.update(`${JSON.stringify(row)}\n`);
    }
    return hash.digest("hex");
  } finally {
    db.close();
  }
}
