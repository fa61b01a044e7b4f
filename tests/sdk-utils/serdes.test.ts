import { describe, expect, it } from "vitest";
import {
  createClassSerdes,
  createClassSerdesWithDates,
  defaultSerdes,
  passThroughSerdes,
  safeDeserialize,
  safeSerialize,
  type Serdes,
  type SerdesContext,
} from "../../sdk/utils/serdes";
import { SerdesFailedError, isUnrecoverableInvocationError } from "../../sdk/errors";

const ctx: SerdesContext = { entityId: "c4ca4238a0b92382", durableExecutionArn: "arn:test" };

async function roundTrip<T>(serdes: Serdes<T>, value: T | undefined): Promise<{ stored: string | undefined; back: T | undefined }> {
  const stored = await serdes.serialize(value, ctx);
  return { stored, back: await serdes.deserialize(stored, ctx) };
}

describe("defaultSerdes", () => {
  it.each([
    ["an object", { a: 1, b: [true, null, "x"] }, '{"a":1,"b":[true,null,"x"]}'],
    ["a string", "hello", '"hello"'],
    ["a number", 0, "0"],
    ["null", null, "null"],
    ["false", false, "false"],
  ])("round-trips %s as JSON", async (_label, value, json) => {
    const { stored, back } = await roundTrip(defaultSerdes, value);
    expect(stored).toBe(json);
    expect(back).toEqual(value);
  });

  it("maps undefined to no payload and back", async () => {
    expect(await defaultSerdes.serialize(undefined, ctx)).toBeUndefined();
    expect(await defaultSerdes.deserialize(undefined, ctx)).toBeUndefined();
  });

  it("is async both ways", () => {
    expect(defaultSerdes.serialize(1, ctx)).toBeInstanceOf(Promise);
    expect(defaultSerdes.deserialize("1", ctx)).toBeInstanceOf(Promise);
  });

  it("turns Dates into ISO strings (use createClassSerdesWithDates to get Dates back)", async () => {
    const { back } = await roundTrip(defaultSerdes, { at: new Date("2025-01-02T03:04:05.000Z") });
    expect(back).toEqual({ at: "2025-01-02T03:04:05.000Z" });
  });
});

describe("passThroughSerdes", () => {
  it("keeps raw strings untouched both ways", async () => {
    expect(await passThroughSerdes.deserialize('{"not":"parsed"}', ctx)).toBe('{"not":"parsed"}');
    expect(await passThroughSerdes.serialize("raw text", ctx)).toBe("raw text");
    expect(await passThroughSerdes.deserialize(undefined, ctx)).toBeUndefined();
    expect(await passThroughSerdes.serialize(undefined, ctx)).toBeUndefined();
  });

  it("JSON-encodes non-string values on serialize", async () => {
    expect(await passThroughSerdes.serialize({ a: 1 }, ctx)).toBe('{"a":1}');
  });
});

describe("createClassSerdes", () => {
  class User {
    name = "";
    age = 0;
    greet(): string {
      return `Hello, ${this.name}`;
    }
  }

  it("restores the class so methods work", async () => {
    const user = new User();
    user.name = "Alice";
    user.age = 30;
    const { stored, back } = await roundTrip(createClassSerdes(User), user);
    expect(stored).toBe('{"name":"Alice","age":30}');
    expect(back).toBeInstanceOf(User);
    expect(back?.greet()).toBe("Hello, Alice");
    expect(back?.age).toBe(30);
  });

  it("keeps undefined as undefined", async () => {
    expect(await roundTrip(createClassSerdes(User), undefined)).toEqual({ stored: undefined, back: undefined });
  });
});

describe("createClassSerdesWithDates", () => {
  class Article {
    title = "";
    createdAt: Date = new Date(0);
    metadata: { publishedAt?: Date; note?: string } = {};
    archivedAt?: Date;
    ageMs(now: number): number {
      return now - this.createdAt.getTime();
    }
  }

  it("revives top-level and nested date paths", async () => {
    const article = new Article();
    article.title = "Durable";
    article.createdAt = new Date("2025-06-01T00:00:00.000Z");
    article.metadata = { publishedAt: new Date("2025-06-02T12:00:00.000Z"), note: "n" };
    const serdes = createClassSerdesWithDates(Article, ["createdAt", "metadata.publishedAt", "archivedAt", "missing.deep.path"]);
    const { back } = await roundTrip(serdes, article);
    expect(back).toBeInstanceOf(Article);
    expect(back?.createdAt).toBeInstanceOf(Date);
    expect(back?.createdAt.toISOString()).toBe("2025-06-01T00:00:00.000Z");
    expect(back?.metadata.publishedAt).toBeInstanceOf(Date);
    expect(back?.metadata.publishedAt?.getTime()).toBe(Date.parse("2025-06-02T12:00:00.000Z"));
    expect(back?.metadata.note).toBe("n");
    expect(back?.archivedAt).toBeUndefined();
    expect(back?.ageMs(Date.parse("2025-06-01T00:00:01.000Z"))).toBe(1000);
  });
});

describe("safeSerialize / safeDeserialize", () => {
  it("pass values through when the serdes works", async () => {
    expect(await safeSerialize(defaultSerdes, { a: 1 }, ctx)).toBe('{"a":1}');
    expect(await safeDeserialize(defaultSerdes, '{"a":1}', ctx)).toEqual({ a: 1 });
  });

  it("turn a BigInt into a typed error naming the operation", async () => {
    const failure = await safeSerialize(defaultSerdes, { total: 10n }, ctx, { name: "price", path: "2-1" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SerdesFailedError);
    const error = failure as SerdesFailedError;
    expect(error.direction).toBe("serialize");
    expect(error.entityId).toBe(ctx.entityId);
    // The official SDK's wording, naming the operation by its step path.
    expect(error.message).toMatch(/^\[Unrecoverable Invocation\] Serialization failed for step "price" \(2-1\): .*BigInt/);
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(isUnrecoverableInvocationError(error)).toBe(true);
  });

  it("turn a cycle into a typed error", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(safeSerialize(defaultSerdes, cyclic, ctx)).rejects.toThrow(
      /^\[Unrecoverable Invocation\] Serialization failed for step \(c4ca4238a0b92382\): .*circular/i,
    );
  });

  it("turn a bad payload or a failing custom serdes into a typed error", async () => {
    await expect(safeDeserialize(defaultSerdes, "{not json", ctx)).rejects.toBeInstanceOf(SerdesFailedError);
    await expect(safeDeserialize(defaultSerdes, "{not json", ctx, { name: "load" })).rejects.toThrow(/Deserialization failed for step "load" \(c4ca4238a0b92382\): /);
    const broken: Serdes<string> = {
      serialize: async () => {
        throw "store offline";
      },
      deserialize: async () => undefined,
    };
    await expect(safeSerialize(broken, "x", ctx)).rejects.toThrow(/: store offline$/);
  });
});
