// node bench/suite.mjs [--rounds N]
// How long the checks take: the type-check alone, the jest suite alone, and all of `npm test`.
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { compare, machine, table } from "./measure.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const rounds = Number(process.argv[process.argv.indexOf("--rounds") + 1]) || 1;
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const results = compare(
  [
    { name: "npm run typecheck", command: npm, args: ["run", "-s", "typecheck"], options: { cwd: root } },
    {
      name: "npm run test:unit (jest)",
      command: npm,
      args: ["run", "-s", "test:unit"],
      options: { cwd: root },
    },
    { name: "npm test (lint, types, jest, app)", command: npm, args: ["test", "-s"], options: { cwd: root } },
  ],
  rounds,
);
console.log(`Test suite, median of ${rounds} round(s) on ${machine()}\n`);
console.log(
  table(results, [
    { title: "command", value: (r) => r.name },
    { title: "wall s", right: true, value: (r) => r.seconds.toFixed(1) },
    { title: "peak MiB", right: true, value: (r) => (r.peakMiB === null ? "n/a" : r.peakMiB.toFixed(0)) },
  ]),
);
