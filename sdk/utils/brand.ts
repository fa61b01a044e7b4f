/**
 * Class brands that survive copies of a module. Next bundles route handlers and pages as separate
 * module graphs, each with its own copy of a class, while the store they share lives on
 * globalThis (lib/server/durable.ts): an error thrown by one graph's copy fails `instanceof` against the
 * other's. A `Symbol.for` key is the same in every copy, so `is()` guards built on it hold
 * whichever graph made the object.
 */
export function brandOf(className: string): symbol {
  return Symbol.for(`durable-console.${className}`);
}

export function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
