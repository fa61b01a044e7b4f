/**
 * Self time by function from a V8 .cpuprofile (`node --cpu-prof`): the top N entries, as a
 * markdown table. `node --import tsx bench/profile-top.ts <file.cpuprofile> [N] [file] [steady]`:
 * `file` groups by file; `steady` leaves out module loading and idle time.
 */
import fs from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Frames of module loading: a profile's start-up, which no round of a workload pays again. */
const LOADING = /Module\._load|module_job|loader:|translators/;

/**
 * Self time grouped by `by`: a function (name and file) or its file alone. `steady` leaves out
 * samples taken while modules load and idle samples, so the shares are of the workload's own time.
 */
export function selfTimeTop(profile: CpuProfile, n: number, by: "function" | "file" = "function", steady = false): Array<{ name: string; ms: number; share: number }> {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const loading = (id: number) => {
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byNode.get(at)!.callFrame;
      if (frame.functionName !== "" && LOADING.test(`${frame.functionName}${frame.url}`)) return true;
    }
    return false;
  };
  const selfMs = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)!.callFrame;
    if (steady && (frame.functionName === "(idle)" || loading(id))) return;
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
  const rest = process.argv.slice(4);
  const top = selfTimeTop(JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile, Number(process.argv[3] ?? 10), rest.includes("file") ? "file" : "function", rest.includes("steady"));
  console.log("| self ms | share | function |\n| ---: | ---: | --- |");
  for (const row of top) console.log(`| ${row.ms.toFixed(0)} | ${(row.share * 100).toFixed(1)}% | ${row.name} |`);
}
