/**
 * `npm run feature -- up|destroy|list|gc`: preview-environment stacks, on whatever backend the
 * Pulumi CLI is logged into. The orchestration is written against `FeatureWorkspace`, a small
 * interface the Automation API implements (feature/automation.ts) and the tests fake.
 */
import { effectiveExpiry, FeatureStackInfo, isFeatureStack, selectExpired } from "./expiry";
import { featureStackName, isFeatureStackName } from "./naming";

/** Structured config as in a stack file: `namespace:key` → value (objects stay objects). */
export type StackConfigMap = Record<string, unknown>;

export interface FeatureWorkspace {
  /** Every stack of the project, with the backend's last update time. */
  listStacks(): Promise<{ name: string; lastUpdate?: string }[]>;
  /** A stack's config, or undefined when the stack does not exist. */
  readConfig(stack: string): Promise<Record<string, string> | undefined>;
  /** Creates the stack when missing and replaces its config. */
  createOrUpdate(stack: string, config: StackConfigMap): Promise<void>;
  up(stack: string, onOutput: (line: string) => void): Promise<Record<string, unknown>>;
  destroy(stack: string, onOutput: (line: string) => void): Promise<void>;
  remove(stack: string): Promise<void>;
  outputs(stack: string): Promise<Record<string, unknown>>;
}

export class FeatureError extends Error {}

export interface UpOptions {
  branch: string;
  imageTag?: string;
  ttlHours?: number;
  owner?: string;
}

const ROLE_KEY = "steuermann:role";
const FEATURE_KEY = "steuermann:feature";
const APP_KEY = "steuermann:app";

function roleOf(config: Record<string, string> | undefined): string | undefined {
  return config?.[ROLE_KEY];
}

/**
 * The config of a branch's stack: the template (stacks/Pulumi.feature-example.yaml) with the
 * branch, TTL, owner and image tag filled in.
 */
export function featureConfig(template: StackConfigMap, options: UpOptions): StackConfigMap {
  if (template[ROLE_KEY] !== "feature") {
    throw new FeatureError(`the feature template must set ${ROLE_KEY}: feature`);
  }
  const feature = { ...((template[FEATURE_KEY] as Record<string, unknown> | undefined) ?? {}) };
  feature.name = options.branch;
  if (options.ttlHours !== undefined) {
    feature.ttlHours = options.ttlHours;
  }
  if (options.owner !== undefined) {
    feature.owner = options.owner;
  }
  const app = { ...((template[APP_KEY] as Record<string, unknown> | undefined) ?? {}) };
  if (options.imageTag !== undefined) {
    const image = { ...((app.image as Record<string, unknown> | undefined) ?? {}) };
    delete image.ref;
    image.tag = options.imageTag;
    app.image = image;
  }
  return { ...template, [FEATURE_KEY]: feature, [APP_KEY]: app };
}

export class FeatureCommands {
  constructor(
    private readonly ws: FeatureWorkspace,
    private readonly template: StackConfigMap,
    private readonly log: (line: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Refuses anything but a preview-environment stack; an absent stack passes. */
  private async guard(stack: string): Promise<"absent" | "feature"> {
    if (!isFeatureStackName(stack)) {
      throw new FeatureError(
        `refusing to touch stack ${stack}: feature commands only act on feature-* stacks`,
      );
    }
    const config = await this.ws.readConfig(stack);
    if (config === undefined) {
      return "absent";
    }
    if (roleOf(config) !== "feature") {
      throw new FeatureError(
        `refusing to touch stack ${stack}: its ${ROLE_KEY} is ${roleOf(config) ?? "unset"}, not feature`,
      );
    }
    return "feature";
  }

  async up(options: UpOptions): Promise<{ stack: string; outputs: Record<string, unknown> }> {
    const stack = featureStackName(options.branch);
    await this.guard(stack);
    await this.ws.createOrUpdate(stack, featureConfig(this.template, options));
    this.log(`updating ${stack} for branch ${options.branch}`);
    const outputs = await this.ws.up(stack, this.log);
    const url = typeof outputs.url === "string" ? outputs.url : undefined;
    this.log(
      url
        ? `preview environment ready: ${url}`
        : `preview environment ready in namespace ${String(outputs.namespace)}`,
    );
    return { stack, outputs };
  }

  /** Destroys and removes the branch's stack; one that is already gone is success. */
  async destroy(branch: string): Promise<{ stack: string; existed: boolean }> {
    const stack = featureStackName(branch);
    return { stack, existed: await this.destroyStack(stack) };
  }

  private async destroyStack(stack: string): Promise<boolean> {
    if ((await this.guard(stack)) === "absent") {
      this.log(`${stack} does not exist: nothing to destroy`);
      return false;
    }
    this.log(`destroying ${stack}`);
    await this.ws.destroy(stack, this.log);
    await this.ws.remove(stack);
    this.log(`${stack} destroyed and removed`);
    return true;
  }

  /** Every preview-environment stack with what is known about it. */
  async list(): Promise<(FeatureStackInfo & { expired: boolean })[]> {
    const now = this.now();
    const result: (FeatureStackInfo & { expired: boolean })[] = [];
    for (const summary of await this.ws.listStacks()) {
      if (!isFeatureStackName(summary.name)) {
        continue;
      }
      const config = await this.ws.readConfig(summary.name);
      const info: FeatureStackInfo = {
        name: summary.name,
        ...(roleOf(config) !== undefined ? { role: roleOf(config) } : {}),
        ...(summary.lastUpdate !== undefined ? { lastUpdate: summary.lastUpdate } : {}),
      };
      if (!isFeatureStack(info)) {
        continue;
      }
      const outputs = await this.ws.outputs(summary.name).catch(() => ({}) as Record<string, unknown>);
      if (typeof outputs.expiresAt === "string") {
        info.expiresAt = outputs.expiresAt;
      }
      if (typeof outputs.url === "string") {
        info.url = outputs.url;
      }
      const expiry = effectiveExpiry(info);
      result.push({ ...info, expired: expiry !== undefined && expiry.getTime() <= now.getTime() });
    }
    return result;
  }

  /** Destroys every expired preview environment; with dryRun, only says which. */
  async gc(dryRun: boolean): Promise<{ removed: string[]; failed: { stack: string; error: string }[] }> {
    const expired = selectExpired(await this.list(), this.now());
    const removed: string[] = [];
    const failed: { stack: string; error: string }[] = [];
    if (expired.length === 0) {
      this.log("no expired preview environments");
    }
    for (const stack of expired) {
      if (dryRun) {
        this.log(`would destroy ${stack.name} (expired ${stack.expiresAt ?? "by its last update"})`);
        continue;
      }
      try {
        await this.destroyStack(stack.name);
        removed.push(stack.name);
      } catch (err) {
        // One stuck environment must not keep the others alive.
        failed.push({ stack: stack.name, error: (err as Error).message });
        this.log(`could not destroy ${stack.name}: ${(err as Error).message}`);
      }
    }
    return { removed, failed };
  }
}
