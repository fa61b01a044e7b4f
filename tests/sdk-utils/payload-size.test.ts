import { describe, expect, it } from "vitest";
import { payloadTooLargeMessage, utf8ByteLength } from "../../sdk/utils/payload-size";

const MB = 1024 * 1024;

describe("payload sizes for people", () => {
  it("counts UTF-8 bytes as Buffer does, without Buffer", () => {
    for (const text of ["", "plain ascii", "é", "€uro", "😀 emoji", "a\uD800b", "\uDC00", "mixed ✓ ü 😀 \u0000", "x".repeat(10_000)]) {
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(Buffer.byteLength(text, "utf8"));
    }
  });

  it("says how large it is and what the limit is, in the limit's unit", () => {
    expect(payloadTooLargeMessage("input", 7 * MB, 6 * MB)).toBe("Input is 7.0 MB; the limit is 6 MB");
    expect(payloadTooLargeMessage("input", 6.44 * MB, 6 * MB)).toBe("Input is 6.4 MB; the limit is 6 MB");
    expect(payloadTooLargeMessage("result", 300 * 1024, 256 * 1024)).toBe("Result is 300.0 KB; the limit is 256 KB");
    expect(payloadTooLargeMessage("error", 700, 512)).toBe("Error is 700 bytes; the limit is 512 bytes");
  });

  it("never reads as if the text fitted: a size that rounds to the limit is given in bytes", () => {
    expect(payloadTooLargeMessage("input", 6 * MB + 1, 6 * MB)).toBe("Input is 6,291,457 bytes; the limit is 6 MB (6,291,456 bytes)");
    expect(payloadTooLargeMessage("result", MB + 1, MB)).toBe("Result is 1,048,577 bytes; the limit is 1 MB (1,048,576 bytes)");
  });
});
