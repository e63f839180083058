/**
 * npm run feature -- up      --branch B [--image-tag T] [--ttl-hours H] [--owner O] [--json]
 * npm run feature -- destroy --branch B
 * npm run feature -- list    [--json]
 * npm run feature -- gc      [--dry-run]
 *
 * Options for all: --template NAME (default feature-example: stacks/Pulumi.NAME.yaml).
 * Exit codes: 0 done; 1 a usage, guard-rail or set-up error (one line); 3 a failed deployment.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { automationWorkspace, requirePulumiCli } from "../feature/automation";
import { FeatureCommands, FeatureError, StackConfigMap } from "../feature/commands";

const USAGE = `usage: npm run feature -- up --branch B [--image-tag T] [--ttl-hours H] [--owner O] [--json]
       npm run feature -- destroy --branch B
       npm run feature -- list [--json]
       npm run feature -- gc [--dry-run]`;
const PROJECT_DIR = path.resolve(__dirname, "..");

function readTemplate(name: string): StackConfigMap {
  const file = path.join(PROJECT_DIR, "stacks", `Pulumi.${name}.yaml`);
  try {
    return ((parse(readFileSync(file, "utf8")) ?? {}) as { config?: StackConfigMap }).config ?? {};
  } catch {
    throw new FeatureError(`the feature template ${path.relative(PROJECT_DIR, file)} cannot be read`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      branch: { type: "string" },
      "image-tag": { type: "string" },
      "ttl-hours": { type: "string" },
      owner: { type: "string" },
      template: { type: "string", default: "feature-example" },
      json: { type: "boolean" },
      "dry-run": { type: "boolean" },
    },
  });
  const command = positionals[0];
  if (!command || !["up", "destroy", "list", "gc"].includes(command)) {
    throw new FeatureError(`unknown command ${command ?? "(none)"}\n${USAGE}`);
  }
  const needBranch = () => {
    if (!values.branch) {
      throw new FeatureError(`--branch is required for ${command}`);
    }
    return values.branch;
  };
  let ttlHours: number | undefined;
  if (values["ttl-hours"] !== undefined) {
    ttlHours = Number(values["ttl-hours"]);
    if (!Number.isInteger(ttlHours) || ttlHours < 1 || ttlHours > 720) {
      throw new FeatureError(`--ttl-hours (${values["ttl-hours"]}) must be a whole number from 1 to 720`);
    }
  }

  requirePulumiCli();
  const template = readTemplate(values.template ?? "feature-example");
  // With --json, stdout carries only the JSON result; progress goes to stderr.
  const out = values.json ? process.stderr : process.stdout;
  const log = (line: string) => out.write(line.endsWith("\n") ? line : `${line}\n`);
  const commands = new FeatureCommands(await automationWorkspace(PROJECT_DIR), template, log);

  switch (command) {
    case "up": {
      const result = await commands.up({
        branch: needBranch(),
        ...(values["image-tag"] !== undefined ? { imageTag: values["image-tag"] } : {}),
        ...(ttlHours !== undefined ? { ttlHours } : {}),
        ...(values.owner !== undefined ? { owner: values.owner } : {}),
      });
      if (values.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
      }
      return 0;
    }
    case "destroy":
      await commands.destroy(needBranch());
      return 0;
    case "list": {
      const stacks = await commands.list();
      if (values.json) {
        process.stdout.write(`${JSON.stringify(stacks, null, 2)}\n`);
      } else if (stacks.length === 0) {
        log("no preview environments");
      } else {
        for (const s of stacks) {
          log(
            `${s.name}  expires ${s.expiresAt ?? "?"}${s.expired ? " (expired)" : ""}  updated ${s.lastUpdate ?? "?"}  ${s.url ?? ""}`,
          );
        }
      }
      return 0;
    }
    default: {
      const result = await commands.gc(values["dry-run"] === true);
      return result.failed.length > 0 ? 3 : 0;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof FeatureError || (err instanceof TypeError && "code" in err)) {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`npm run feature failed: ${(err as Error).message ?? String(err)}\n`);
    process.exitCode = 3;
  },
);
