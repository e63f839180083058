/**
 * `FeatureWorkspace` on Pulumi's Automation API: a LocalWorkspace on this project, so whatever
 * backend `pulumi login` chose (file://, s3://, azblob://, gs://, Pulumi Cloud) is used as is.
 */
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import { FeatureError, FeatureWorkspace, StackConfigMap } from "./commands";

/** `{ "steuermann:feature": { name: "x" } }` → `{ "steuermann:feature.name": "x" }` for `config set --path`. */
export function flattenConfig(config: StackConfigMap): Record<string, string> {
  const out: Record<string, string> = {};
  const segment = (key: string) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `.${key}` : `["${key}"]`);
  const walk = (prefix: string, value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(`${prefix}[${i}]`, item));
    } else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        walk(`${prefix}${segment(k)}`, v);
      }
    } else if (value !== undefined && value !== null) {
      out[prefix] = String(value);
    }
  };
  for (const [key, value] of Object.entries(config)) {
    walk(key, value);
  }
  return out;
}

/** Fails early, in one line, when the Pulumi CLI is missing. */
export function requirePulumiCli(): void {
  try {
    execFileSync("pulumi", ["version"], { stdio: "ignore" });
  } catch {
    throw new FeatureError(
      "the Pulumi CLI is needed for npm run feature: install it (https://www.pulumi.com/docs/install/), then pulumi login",
    );
  }
}

export async function automationWorkspace(projectDir: string): Promise<FeatureWorkspace> {
  const ws = await LocalWorkspace.create({ workDir: projectDir });
  const stacks = new Map<string, Stack>();
  const stack = async (name: string) => {
    const known = stacks.get(name) ?? (await Stack.select(name, ws));
    stacks.set(name, known);
    return known;
  };
  const exists = async (name: string) =>
    (await ws.listStacks()).some((s) => s.name === name || s.name.endsWith(`/${name}`));

  return {
    listStacks: async () => (await ws.listStacks()).map((s) => ({ name: s.name, lastUpdate: s.lastUpdate })),
    readConfig: async (name) => {
      if (!(await exists(name))) {
        return undefined;
      }
      const all = await ws.getAllConfig(name);
      return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.value]));
    },
    createOrUpdate: async (name, config) => {
      const s = await Stack.createOrSelect(name, ws);
      stacks.set(name, s);
      // Config from the template replaces what the stack had, so a removed key does not linger.
      const old = await s.getAllConfig();
      const keep = new Set(Object.keys(config));
      for (const key of Object.keys(old).filter((k) => !keep.has(k))) {
        await s.removeConfig(key);
      }
      const flat = flattenConfig(config);
      await s.setAllConfig(Object.fromEntries(Object.entries(flat).map(([k, v]) => [k, { value: v }])), true);
    },
    up: async (name, onOutput) => {
      const result = await (await stack(name)).up({ onOutput, color: "auto" });
      return Object.fromEntries(
        Object.entries(result.outputs).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]),
      );
    },
    destroy: async (name, onOutput) => {
      await (await stack(name)).destroy({ onOutput, color: "auto" });
    },
    remove: async (name) => {
      await ws.removeStack(name);
      stacks.delete(name);
    },
    outputs: async (name) => {
      const out = await (await stack(name)).outputs();
      return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]));
    },
  };
}
