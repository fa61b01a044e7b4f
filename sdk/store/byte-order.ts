/**
 * Strings in the order both stores keep them: SQLite's BINARY collation and DynamoDB's string
 * keys compare UTF-8 bytes, which differs from JavaScript's UTF-16 order where characters past
 * U+FFFF meet those from U+E000 to U+FFFF. Merges and in-memory sorts that must agree with either use this.
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
