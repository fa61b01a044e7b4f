/**
 * JSON for diagnostics (error messages, logs): never throws. Cycles become "[Circular]",
 * BigInts "123n", Errors {name, message}, functions and symbols their description.
 * Not a serdes: the output is for humans and cannot be parsed back into the same value.
 */
export function safeStringify(value: unknown, space?: number): string {
  try {
    const ancestors: object[] = [];
    const result = JSON.stringify(
      value,
      function replacer(this: unknown, _key: string, current: unknown) {
        // JSON.stringify calls the replacer with `this` = the holder; trimming the ancestor stack
        // to the holder tells shared (non-cyclic) references apart from real cycles.
        if (typeof current === "bigint") return `${current.toString()}n`;
        if (typeof current === "function") return `[Function ${current.name || "anonymous"}]`;
        if (typeof current === "symbol") return current.toString();
        if (typeof current !== "object" || current === null) return current;
        while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
        if (ancestors.includes(current)) return "[Circular]";
        ancestors.push(current);
        if (current instanceof Error) return { ...current, name: current.name, message: current.message };
        return current;
      },
      space,
    );
    return result ?? String(value);
  } catch {
    return "[Unserializable value]";
  }
}
