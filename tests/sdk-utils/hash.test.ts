import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashOperationId, OPERATION_ID_HEX_LENGTH } from "../../sdk/utils/hash";

describe("hashOperationId", () => {
  it("matches the ids the official SDK puts on the wire", () => {
    expect(hashOperationId("1")).toBe("c4ca4238a0b92382");
    expect(hashOperationId("4-1")).toBe("74bdefab9757a081");
  });

  it("is the first 16 hex characters of MD5 and stable across calls", () => {
    for (const path of ["2", "2-3-1", "10-1-1-1", ""]) {
      const expected = createHash("md5").update(path).digest("hex").slice(0, 16);
      expect(hashOperationId(path)).toBe(expected);
      expect(hashOperationId(path)).toBe(expected);
    }
    expect(OPERATION_ID_HEX_LENGTH).toBe(16);
  });

  it("gives distinct, wire-valid ids for distinct paths", () => {
    const ids = new Set<string>();
    for (let i = 1; i <= 500; i++) ids.add(hashOperationId(`1-${i}`));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
  });
});
