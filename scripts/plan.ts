/**
 * `npm run plan -- --stack NAME [--json | --markdown]`
 *
 * Exit codes: 0 planned; 1 invalid configuration (one line on stderr); 2 a mandatory policy is
 * violated; 3 an internal error (a bug in steuermann: the stack trace is printed for a report).
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../config";
import { renderMarkdown } from "../plan/markdown";
import { renderTree } from "../plan/render";
import { PlanResult, runPlan } from "../plan/run";
import { StackNotFoundError } from "../plan/stackConfig";

const USAGE = "usage: npm run plan -- --stack NAME [--json | --markdown] [--project-dir DIR]";

function loadedSdks(): string[] {
  const sdks = new Set<string>();
  for (const file of Object.keys(require.cache)) {
    const match = /node_modules[\\/](@pulumi[\\/][^\\/]+)[\\/]/.exec(file);
    if (match?.[1] && match[1] !== "@pulumi/pulumi") {
      sdks.add(match[1].replace("\\", "/"));
    }
  }
  return [...sdks].sort();
}

async function main(): Promise<number> {
  let values: { stack?: string; json?: boolean; markdown?: boolean; "project-dir"?: string };
  try {
    ({ values } = parseArgs({
      options: {
        stack: { type: "string", short: "s" },
        json: { type: "boolean" },
        markdown: { type: "boolean" },
        // Another Pulumi project to plan (the policy tests' weak fixture); this one by default.
        "project-dir": { type: "string" },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 1;
  }
  if (!values.stack) {
    process.stderr.write(`--stack is required\n${USAGE}\n`);
    return 1;
  }

  let result: PlanResult;
  try {
    const projectDir =
      values["project-dir"] !== undefined
        ? path.resolve(values["project-dir"])
        : path.resolve(__dirname, "..");
    result = await runPlan({ projectDir, stack: values.stack });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StackNotFoundError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    process.stderr.write(
      `steuermann plan failed unexpectedly (please report this):\n${(err as Error).stack ?? String(err)}\n`,
    );
    return 3;
  }

  if (process.env.STEUERMANN_DEBUG_SDKS === "1") {
    process.stderr.write(`loaded SDKs: ${loadedSdks().join(", ")}\n`);
  }
  if (values.json && values.markdown) {
    process.stderr.write(`--json and --markdown exclude each other\n${USAGE}\n`);
    return 1;
  }
  if (values.markdown) {
    process.stdout.write(renderMarkdown(result));
  } else if (values.json) {
    // Dependencies feed the policies; the contract's JSON does not carry them.
    process.stdout.write(
      `${JSON.stringify(result, (key, value) => (key === "dependencies" ? undefined : value), 2)}\n`,
    );
  } else {
    process.stdout.write(renderTree(result));
  }
  return result.violations.some((v) => v.level === "mandatory") ? 2 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 3;
  },
);
