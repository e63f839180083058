// Shared by the benchmarks: runs a command as a child of this process, with GNU time reporting
// wall seconds and peak resident memory, and takes the median over interleaved rounds.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, totalmem } from "node:os";

const TIME = "/usr/bin/time";

/** One run: { seconds, peakMiB } (peakMiB is null without GNU time). */
export function measure(command, args, options = {}) {
  const started = process.hrtime.bigint();
  if (existsSync(TIME)) {
    const run = spawnSync(TIME, ["-f", "__bench %e %M", command, ...args], {
      ...options,
      encoding: "utf8",
      stdio: ["ignore", "ignore", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
    const line = run.stderr.split("\n").find((l) => l.startsWith("__bench "));
    if (run.status !== 0 && run.status !== 2) {
      throw new Error(`${command} ${args.join(" ")} exited ${run.status}: ${run.stderr.slice(-500)}`);
    }
    const [, seconds, kib] = line.split(" ");
    return { seconds: Number(seconds), peakMiB: Number(kib) / 1024 };
  }
  const run = spawnSync(command, args, { ...options, stdio: "ignore" });
  if (run.status !== 0 && run.status !== 2) {
    throw new Error(`${command} ${args.join(" ")} exited ${run.status}`);
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakMiB: null };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs every case once per round, cases interleaved, and returns medians per case. */
export function compare(cases, rounds) {
  const samples = new Map(cases.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      samples.get(c.name).push(measure(c.command, c.args, c.options));
    }
  }
  return cases.map((c) => {
    const s = samples.get(c.name);
    const peaks = s.map((x) => x.peakMiB).filter((x) => x !== null);
    return {
      name: c.name,
      seconds: median(s.map((x) => x.seconds)),
      peakMiB: peaks.length ? median(peaks) : null,
    };
  });
}

export function machine() {
  return `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function table(rows, columns) {
  const head = `| ${columns.map((c) => c.title).join(" | ")} |`;
  const rule = `|${columns.map((c) => (c.right ? "---:" : "---")).join("|")}|`;
  return [head, rule, ...rows.map((r) => `| ${columns.map((c) => c.value(r)).join(" | ")} |`)].join("\n");
}
