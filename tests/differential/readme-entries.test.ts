/**
 * Every deliberate difference a scenario pins is an entry of the README's list ("Where we differ
 * from the official SDK, and why"), and every entry there is pinned by a scenario: the list and
 * the corpus cannot drift apart.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scenarios } from "./scenarios";

const HEADING = "## Where we differ from the official SDK, and why";

function readmeEntries(): string[] {
  const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
  const start = readme.indexOf(HEADING);
  expect(start, "the README has the section").toBeGreaterThan(-1);
  const end = readme.indexOf("\n## ", start + HEADING.length);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^- \*\*(.+?)\*\*/gm)].map((match) => match[1]);
}

describe("README differences and the differential corpus", () => {
  const pinned = new Set(scenarios.flatMap((scenario) => (scenario.deliberate ? [scenario.deliberate.readme] : [])));

  it("names every deliberate difference a scenario pins", () => {
    const entries = readmeEntries();
    for (const name of pinned) expect(entries, `README entry "${name}"`).toContain(name);
  });

  it("pins every entry with a scenario", () => {
    for (const entry of readmeEntries()) expect([...pinned], `a scenario pinning "${entry}"`).toContain(entry);
  });

  it("has at least 60 scenarios with distinct names", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(60);
    expect(new Set(scenarios.map((scenario) => scenario.name)).size).toBe(scenarios.length);
  });
});
