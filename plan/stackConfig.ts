/**
 * Reads configuration the way the Pulumi CLI hands it to a program: project defaults from
 * `Pulumi.yaml`, overridden by `stacks/Pulumi.<stack>.yaml`, every value a string (objects as
 * JSON). Encrypted values are never decrypted: they become the placeholder `[secret]`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export const SECRET_PLACEHOLDER = "[secret]";

export interface StackConfig {
  project: string;
  stack: string;
  /** `namespace:key` → value as the Pulumi runtime sees it. */
  config: Record<string, string>;
  /** Keys whose values were encrypted in the stack file. */
  secretKeys: string[];
}

export class StackNotFoundError extends Error {}

interface ProjectFile {
  name?: string;
  stackConfigDir?: string;
  config?: Record<string, unknown>;
}

function toConfigString(value: unknown): string {
  if (typeof value === "string") {
    return value;
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  return JSON.stringify(value);
}

function isSecure(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "secure" in value;
}

function qualify(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** The stack names that have a `Pulumi.<name>.yaml` in the stack config folder. */
export function listStacks(projectDir: string): string[] {
  const project = readProject(projectDir);
  const dir = path.join(projectDir, project.stackConfigDir ?? ".");
  return readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

function readProject(projectDir: string): ProjectFile {
  return (parse(readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) ?? {}) as ProjectFile;
}

export function readStackConfig(projectDir: string, stack: string): StackConfig {
  const projectFile = readProject(projectDir);
  const project = projectFile.name ?? path.basename(projectDir);
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];

  // Project-level config: either a plain default value, or a schema entry with `default`/`value`.
  for (const [key, entry] of Object.entries(projectFile.config ?? {})) {
    const full = qualify(key, project);
    if (typeof entry === "object" && entry !== null && !Array.isArray(entry)) {
      const schema = entry as { default?: unknown; value?: unknown };
      const value = schema.value ?? schema.default;
      if (value !== undefined) {
        config[full] = toConfigString(value);
      }
    } else if (entry !== undefined) {
      config[full] = toConfigString(entry);
    }
  }

  const file = path.join(projectDir, projectFile.stackConfigDir ?? ".", `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) {
    throw new StackNotFoundError(
      `stack ${stack} has no config file at ${path.relative(projectDir, file)}: pick one of ${listStacks(projectDir).join(", ")}`,
    );
  }
  const stackFile = (parse(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  for (const [key, value] of Object.entries(stackFile.config ?? {})) {
    const full = qualify(key, project);
    if (isSecure(value)) {
      config[full] = SECRET_PLACEHOLDER;
      secretKeys.push(full);
    } else if (value !== null && value !== undefined) {
      config[full] = toConfigString(value);
    }
  }
  return { project, stack, config, secretKeys };
}
