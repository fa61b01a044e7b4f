/**
 * Self time by function from a V8 .cpuprofile (`node --cpu-prof`): the top N entries, as a
 * markdown table. `node --import tsx bench/profile-top.ts <file.cpuprofile> [N]`
 */
import fs from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time grouped by `by`: a function (name and file) or its file alone. */
export function selfTimeTop(profile: CpuProfile, n: number, by: "function" | "file" = "function"): Array<{ name: string; ms: number; share: number }> {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)!.callFrame;
    const where = frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : "";
    const name = by === "file" ? frame.url.replace(/^.*\/(node_modules\/[^/]+|[^/]+\/[^/]+)\/.*?([^/]+)$/, "$1/$2") || frame.functionName : `${frame.functionName || "(anonymous)"}${where ? ` ${where}` : ""}`;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    selfMs.set(name, (selfMs.get(name) ?? 0) + ms);
  });
  return [...selfMs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => ({ name, ms, share: ms / total }));
}

if (process.argv[1]?.endsWith("profile-top.ts")) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: profile-top.ts <file.cpuprofile> [N]");
  const top = selfTimeTop(JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile, Number(process.argv[3] ?? 10), process.argv[4] === "file" ? "file" : "function");
  console.log("| self ms | share | function |\n| ---: | ---: | --- |");
  for (const row of top) console.log(`| ${row.ms.toFixed(0)} | ${(row.share * 100).toFixed(1)}% | ${row.name} |`);
}
