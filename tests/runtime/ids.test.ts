/** Identifiers the runtime mints: callback ids are pasted into command lines, so none looks like a flag. */
import { describe, expect, it } from "vitest";
import { newCallbackId } from "../../sdk/runtime/ids";
import { callbackIdSchema } from "../../sdk/runtime/client-schemas";
import { parseArgs } from "../../cli/args";

describe("newCallbackId", () => {
  it("never starts with '-' (one base64url draw in 64 would), so the CLI takes it as an argument", () => {
    // 5,000 draws: the old generator started one with "-" with probability 1 - (63/64)^5000.
    const ids = Array.from({ length: 5000 }, newCallbackId);
    expect(ids.filter((id) => id.startsWith("-"))).toEqual([]);
    for (const id of ids.slice(0, 50)) {
      expect(id).toHaveLength(32);
      expect(callbackIdSchema.safeParse(id).success).toBe(true);
      expect(parseArgs([id, "--result", "{}"], [{ name: "result", value: "<json>", help: "" }])).toMatchObject({ positionals: [id], problems: [] });
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
