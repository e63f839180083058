// node bench/plan.mjs [--rounds N]
// Plan wall time and peak memory per sample stack, against a bare `require('@pulumi/pulumi')`,
// and how plan time grows with the number of workloads (10, 50, 100).
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { compare, machine, table } from "./measure.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const rounds = Number(process.argv[process.argv.indexOf("--rounds") + 1]) || 3;
const node = process.execPath;
const plan = (args, env = {}) => ({
  command: node,
  args: ["--require", "./scripts/register.cjs", "scripts/plan.ts", ...args, "--json"],
  options: { cwd: root, env: { ...process.env, ...env } },
});

const stacks = readdirSync(path.join(root, "stacks"))
  .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
  .filter((s) => s !== undefined && !s.startsWith("invalid-"));
const cases = [
  { name: "bare SDK load", command: node, args: ["-e", "require('@pulumi/pulumi')"], options: { cwd: root } },
  ...stacks.map((s) => ({ name: s, ...plan(["--stack", s]) })),
];
const results = compare(cases, rounds);
const bare = results[0];
console.log(`Offline plan, median of ${rounds} interleaved rounds on ${machine()}\n`);
console.log(
  table(results, [
    { title: "stack", value: (r) => r.name },
    { title: "wall s", right: true, value: (r) => r.seconds.toFixed(2) },
    { title: "× bare SDK", right: true, value: (r) => (r.seconds / bare.seconds).toFixed(1) },
    { title: "peak MiB", right: true, value: (r) => (r.peakMiB === null ? "n/a" : r.peakMiB.toFixed(0)) },
  ]),
);

const sizes = [10, 50, 100];
const many = compare(
  sizes.map((n) => ({
    name: `${n} workloads`,
    ...plan(["--project-dir", "bench/many", "--stack", "many"], { WORKLOADS: String(n) }),
  })),
  rounds,
);
console.log(`\nGrowth with size (each workload is 6 Kubernetes resources)\n`);
console.log(
  table(
    many.map((r, i) => ({ ...r, n: sizes[i] })),
    [
      { title: "workloads", value: (r) => r.name },
      { title: "wall s", right: true, value: (r) => r.seconds.toFixed(2) },
      {
        title: "ms per workload over 10",
        right: true,
        value: (r) => (r.n === 10 ? "—" : (((r.seconds - many[0].seconds) * 1000) / (r.n - 10)).toFixed(1)),
      },
      { title: "peak MiB", right: true, value: (r) => (r.peakMiB === null ? "n/a" : r.peakMiB.toFixed(0)) },
    ],
  ),
);
