import { flattenConfig } from "../../feature/automation";
import {
  FeatureCommands,
  featureConfig,
  FeatureError,
  FeatureWorkspace,
  StackConfigMap,
} from "../../feature/commands";
import { featureStackName } from "../../feature/naming";

const TEMPLATE: StackConfigMap = {
  "steuermann:cloud": "aws",
  "steuermann:role": "feature",
  "steuermann:feature": { name: "feature/example", platformStack: "aws-dev", ttlHours: 72 },
  "steuermann:app": { image: { tag: "example" }, replicas: { min: 1, max: 2 } },
};

/** An in-memory backend: stacks with config, outputs and a log of what was done to them. */
class FakeWorkspace implements FeatureWorkspace {
  stacks = new Map<
    string,
    { config: Record<string, string>; outputs: Record<string, unknown>; lastUpdate?: string }
  >();
  calls: string[] = [];
  failDestroy = new Set<string>();

  add(
    name: string,
    config: Record<string, string>,
    outputs: Record<string, unknown> = {},
    lastUpdate?: string,
  ) {
    this.stacks.set(name, { config, outputs, ...(lastUpdate ? { lastUpdate } : {}) });
  }
  async listStacks() {
    return [...this.stacks.entries()].map(([name, s]) => ({
      name,
      ...(s.lastUpdate ? { lastUpdate: s.lastUpdate } : {}),
    }));
  }
  async readConfig(stack: string) {
    return this.stacks.get(stack)?.config;
  }
  async createOrUpdate(stack: string, config: StackConfigMap) {
    this.calls.push(`config ${stack}`);
    const flat = Object.fromEntries(
      Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
    this.stacks.set(stack, { config: flat, outputs: {} });
  }
  async up(stack: string, onOutput: (line: string) => void) {
    this.calls.push(`up ${stack}`);
    onOutput("Updating (fake)");
    const outputs = {
      namespace: stack.slice("feature-".length),
      url: "http://x.preview.example.com",
      expiresAt: "2026-11-27T12:00:00.000Z",
    };
    this.stacks.get(stack)!.outputs = outputs;
    return outputs;
  }
  async destroy(stack: string) {
    if (this.failDestroy.has(stack)) {
      throw new Error("namespace stuck terminating");
    }
    this.calls.push(`destroy ${stack}`);
  }
  async remove(stack: string) {
    this.calls.push(`remove ${stack}`);
    this.stacks.delete(stack);
  }
  async outputs(stack: string) {
    return this.stacks.get(stack)?.outputs ?? {};
  }
}

const NOW = new Date("2026-11-24T12:00:00Z");
const setup = () => {
  const ws = new FakeWorkspace();
  const lines: string[] = [];
  const commands = new FeatureCommands(
    ws,
    TEMPLATE,
    (l) => lines.push(l),
    () => NOW,
  );
  return { ws, lines, commands };
};

describe("feature up", () => {
  it("creates the branch's stack from the template and runs up", async () => {
    const { ws, lines, commands } = setup();
    const { stack } = await commands.up({
      branch: "feature/Login",
      imageTag: "abc123",
      ttlHours: 24,
      owner: "alice",
    });
    expect(stack).toBe(featureStackName("feature/Login"));
    expect(ws.calls).toEqual([`config ${stack}`, `up ${stack}`]);
    const config = ws.stacks.get(stack)!.config;
    expect(JSON.parse(config["steuermann:feature"]!)).toEqual({
      name: "feature/Login",
      platformStack: "aws-dev",
      ttlHours: 24,
      owner: "alice",
    });
    expect(JSON.parse(config["steuermann:app"]!).image).toEqual({ tag: "abc123" });
    expect(lines).toContain("preview environment ready: http://x.preview.example.com");
  });

  it("refuses a stack of that name that is not a feature stack", async () => {
    const { ws, commands } = setup();
    ws.add(featureStackName("feature/x"), { "steuermann:role": "platform" });
    await expect(commands.up({ branch: "feature/x" })).rejects.toThrow(
      new FeatureError(
        `refusing to touch stack ${featureStackName("feature/x")}: its steuermann:role is platform, not feature`,
      ),
    );
    expect(ws.calls).toEqual([]);
  });
});

describe("feature destroy", () => {
  it("destroys and removes the stack", async () => {
    const { ws, commands } = setup();
    const stack = featureStackName("feature/x");
    ws.add(stack, { "steuermann:role": "feature" });
    await expect(commands.destroy("feature/x")).resolves.toEqual({ stack, existed: true });
    expect(ws.calls).toEqual([`destroy ${stack}`, `remove ${stack}`]);
  });

  it("treats a stack that is already gone as success", async () => {
    const { ws, lines, commands } = setup();
    await expect(commands.destroy("feature/gone")).resolves.toMatchObject({ existed: false });
    expect(ws.calls).toEqual([]);
    expect(lines[0]).toMatch(/does not exist: nothing to destroy$/);
  });
});

describe("feature list and gc", () => {
  const populate = (ws: FakeWorkspace) => {
    ws.add(
      "feature-old",
      { "steuermann:role": "feature" },
      { expiresAt: "2026-11-20T00:00:00Z", url: "http://old" },
    );
    ws.add("feature-new", { "steuermann:role": "feature" }, { expiresAt: "2026-12-01T00:00:00Z" });
    ws.add("feature-broken", { "steuermann:role": "feature" }, {}, "2026-11-01T00:00:00Z");
    ws.add("feature-fake", { "steuermann:role": "platform" }, { expiresAt: "2000-01-01T00:00:00Z" });
    ws.add("aws-prod", { "steuermann:role": "platform" });
  };

  it("lists feature stacks only, with expiry", async () => {
    const { ws, commands } = setup();
    populate(ws);
    const list = await commands.list();
    expect(list.map((s) => [s.name, s.expired])).toEqual([
      ["feature-old", true],
      ["feature-new", false],
      ["feature-broken", true],
    ]);
  });

  it("gc destroys expired feature stacks and never a platform stack", async () => {
    const { ws, commands } = setup();
    populate(ws);
    const result = await commands.gc(false);
    expect(result).toEqual({ removed: ["feature-old", "feature-broken"], failed: [] });
    expect([...ws.stacks.keys()].sort()).toEqual(["aws-prod", "feature-fake", "feature-new"]);
  });

  it("gc --dry-run only reports", async () => {
    const { ws, lines, commands } = setup();
    populate(ws);
    await commands.gc(true);
    expect(ws.calls).toEqual([]);
    expect(lines).toEqual([
      "would destroy feature-old (expired 2026-11-20T00:00:00Z)",
      "would destroy feature-broken (expired by its last update)",
    ]);
  });

  it("gc carries on past a stack it cannot destroy", async () => {
    const { ws, commands } = setup();
    populate(ws);
    ws.failDestroy.add("feature-old");
    const result = await commands.gc(false);
    expect(result.removed).toEqual(["feature-broken"]);
    expect(result.failed).toEqual([{ stack: "feature-old", error: "namespace stuck terminating" }]);
  });
});

describe("featureConfig and flattenConfig", () => {
  it("drops a template's image ref when a tag is given", () => {
    const template = { ...TEMPLATE, "steuermann:app": { image: { ref: "ghcr.io/a/b:1" } } };
    expect(featureConfig(template, { branch: "b", imageTag: "t" })["steuermann:app"]).toEqual({
      image: { tag: "t" },
    });
  });

  it("refuses a template that is not a feature stack", () => {
    expect(() => featureConfig({ "steuermann:role": "platform" }, { branch: "b" })).toThrow(FeatureError);
  });

  it("flattens structured config into --path keys", () => {
    expect(
      flattenConfig({
        "steuermann:feature": { name: "feature/x", ttlHours: 24 },
        "steuermann:nodePool": { labels: { "k8s.io/role": "x" }, taints: [{ key: "a" }] },
        "aws:region": "eu-central-1",
      }),
    ).toEqual({
      "steuermann:feature.name": "feature/x",
      "steuermann:feature.ttlHours": "24",
      'steuermann:nodePool.labels["k8s.io/role"]': "x",
      "steuermann:nodePool.taints[0].key": "a",
      "aws:region": "eu-central-1",
    });
  });
});
