/**
 * The `steuermann:*` configuration contract (DESIGN.md), as one zod schema. Every message is
 * written to follow the key and its value: `steuermann:<key> (<value>) <message>`, so it reads as
 * one line that names the key, the value and the fix.
 */
import { z } from "zod";
import { isIpv4Cidr } from "./cidr";
import { CLOUDS, TIERS } from "./tiers";

export const ROLES = ["platform", "feature"] as const;
export type Role = (typeof ROLES)[number];

/**
 * `pulumi config set --path` (and the Automation API) may store a number as text: "3" is read
 * as 3, anything else is left for the number check to reject.
 */
const numeric = (value: unknown) =>
  typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
const boolean = (value: unknown) => (value === "true" ? true : value === "false" ? false : value);

const wholeNumber = (min: number, max: number, fix = "") =>
  z.preprocess(
    numeric,
    z
      .number({ error: `must be a whole number from ${min} to ${max}${fix}` })
      .int(`must be a whole number from ${min} to ${max}${fix}`)
      .min(min, `must be at least ${min}${fix}`)
      .max(max, `must be at most ${max}${fix}`),
  );

const cidr = z
  .string({ error: "must be an IPv4 CIDR string such as 10.0.0.0/16" })
  .refine(isIpv4Cidr, "is not a valid IPv4 CIDR: use the form 10.0.0.0/16 (host bits zero, prefix 0-32)");

/** Kubernetes resource quantities, as the API server accepts them for cpu and memory. */
export const CPU_QUANTITY = /^(\d+m|\d+(\.\d{1,3})?)$/;
export const MEMORY_QUANTITY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;

const nodePool = z
  .strictObject({
    machineType: z.string().min(1, "must not be empty: name an instance type or remove the key").optional(),
    minNodes: wholeNumber(0, 1000),
    maxNodes: z.preprocess(
      numeric,
      z
        .number({ error: "must be a whole number from 1 to 1000" })
        .int("must be a whole number from 1 to 1000")
        .min(1, "must be at least 1: a pool that can never hold a node cannot run workloads")
        .max(1000, "must be at most 1000"),
    ),
    spot: z.preprocess(boolean, z.boolean({ error: "must be true or false" })).optional(),
    diskSizeGb: wholeNumber(20, 2048).optional(),
    labels: z
      .record(
        z.string().regex(LABEL_KEY, "has a key that is not a valid Kubernetes label key"),
        z.string().regex(LABEL_VALUE, "has a value that is not a valid Kubernetes label value"),
      )
      .optional(),
    taints: z
      .array(
        z.strictObject({
          key: z.string().regex(LABEL_KEY, "must be a valid Kubernetes label key"),
          value: z.string().regex(LABEL_VALUE, "must be a valid Kubernetes label value").optional(),
          effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"], {
            error: "must be one of NoSchedule, PreferNoSchedule, NoExecute",
          }),
        }),
      )
      .optional(),
  })
  .superRefine((pool, ctx) => {
    if (pool.minNodes > pool.maxNodes) {
      ctx.addIssue({
        code: "custom",
        path: ["minNodes"],
        message: `must not exceed maxNodes (${pool.maxNodes}): lower minNodes or raise maxNodes`,
      });
    }
  });

const network = z.strictObject({
  cidr: cidr.optional(),
  authorizedNetworks: z
    .array(
      cidr.refine(
        (value) => !value.endsWith("/0"),
        "opens the API server to the whole internet: list your office or CI egress ranges instead",
      ),
    )
    .max(50, "must list at most 50 ranges")
    .optional(),
  vpcId: z
    .string()
    .regex(/^vpc-[0-9a-f]{8,17}$/, "must be an AWS VPC id such as vpc-0abc12345def67890")
    .optional(),
  subnetIds: z
    .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "must hold AWS subnet ids such as subnet-0abc1234"))
    .min(2, "must list at least two private subnets in different zones: EKS needs two zones")
    .optional(),
});

const registry = z.strictObject({
  keepImages: wholeNumber(1, 1000, ": the registry keeps this many newest images").optional(),
  scanOnPush: z.preprocess(boolean, z.boolean({ error: "must be true or false" })).optional(),
});

const image = z
  .strictObject({
    context: z.string().min(1, "must not be empty: give the build context folder, e.g. app").optional(),
    dockerfile: z.string().min(1, "must not be empty: give the Dockerfile path or remove the key").optional(),
    tag: z
      .string()
      .regex(
        IMAGE_TAG,
        "is not a Docker tag: use letters, digits, '_', '.', '-' (at most 128), e.g. a commit sha",
      )
      .refine(
        (t) => t !== "latest",
        "must not be latest: tags are immutable in every registry steuermann creates",
      )
      .optional(),
    ref: z.string().optional(),
  })
  .superRefine((img, ctx) => {
    if (img.ref !== undefined && img.ref.trim() === "") {
      ctx.addIssue({
        code: "custom",
        path: ["ref"],
        message:
          "must not be empty: give an image reference such as ghcr.io/acme/app:1.2.3, or use context to build",
      });
    } else if (img.ref !== undefined && /(:latest)$/.test(img.ref)) {
      ctx.addIssue({
        code: "custom",
        path: ["ref"],
        message: "must not use the latest tag: pin a version tag or a digest (@sha256:...)",
      });
    } else if (
      img.ref !== undefined &&
      (img.context !== undefined || img.dockerfile !== undefined || img.tag !== undefined)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["ref"],
        message:
          "cannot be combined with context, dockerfile or tag: either build an image or deploy a given ref",
      });
    }
  });

const app = z
  .strictObject({
    image: image.optional(),
    port: wholeNumber(1, 65535, ": the port the container listens on").optional(),
    replicas: z
      .strictObject({
        min: wholeNumber(1, 1000),
        max: wholeNumber(1, 1000),
      })
      .superRefine((r, ctx) => {
        if (r.min > r.max) {
          ctx.addIssue({
            code: "custom",
            path: ["min"],
            message: `must not exceed max (${r.max}): lower min or raise max`,
          });
        }
      })
      .optional(),
    cpu: z
      .string({ error: "must be a Kubernetes cpu quantity string such as 250m or 1" })
      .regex(
        CPU_QUANTITY,
        "is not a Kubernetes cpu quantity: use millicores such as 250m, or cores such as 1",
      )
      .optional(),
    memory: z
      .string({ error: "must be a Kubernetes memory quantity string such as 256Mi" })
      .regex(MEMORY_QUANTITY, "is not a Kubernetes memory quantity: use a size such as 256Mi or 1Gi")
      .optional(),
    host: z.string().regex(HOSTNAME, "is not a DNS host name: use the form app.example.com").optional(),
    ingressClass: z.string().min(1).optional(),
  })
  .optional();

const feature = z
  .strictObject({
    name: z.string().min(1, "must name the branch, e.g. feature/login"),
    platformStack: z
      .string()
      .min(1, "must name the platform stack, e.g. acme/steuermann/aws-dev")
      .regex(/^[A-Za-z0-9._/-]+$/, "must be a stack name such as aws-dev or org/steuermann/aws-dev"),
    ttlHours: wholeNumber(1, 720, ": the environment is removed by gc after this many hours").optional(),
    owner: z.string().min(1).optional(),
    quota: z
      .strictObject({
        cpu: z.string().regex(CPU_QUANTITY, "is not a Kubernetes cpu quantity such as 2 or 1500m").optional(),
        memory: z
          .string()
          .regex(MEMORY_QUANTITY, "is not a Kubernetes memory quantity such as 4Gi")
          .optional(),
        pods: wholeNumber(1, 500).optional(),
      })
      .optional(),
  })
  .optional();

/** Every `steuermann:*` key. Unknown keys fail, with a did-you-mean where one is close. */
export const steuermannSchema = z.strictObject({
  cloud: z.enum(CLOUDS, {
    error: (issue) =>
      issue.input === undefined
        ? "is required: set it with `pulumi config set steuermann:cloud <aws|azure|gcp|local>`"
        : `must be one of ${CLOUDS.join(", ")}: set it with \`pulumi config set steuermann:cloud aws\``,
  }),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }).default("platform"),
  tier: z.enum(TIERS, { error: `must be one of ${TIERS.join(", ")}` }).default("dev"),
  nodePool: nodePool.optional(),
  network: network.optional(),
  kubernetesVersion: z
    .string()
    .regex(
      /^1\.\d{2}$/,
      "must be a Kubernetes minor version such as 1.33, or left unset for the provider default",
    )
    .optional(),
  registry: registry.optional(),
  app,
  feature,
});

export type SteuermannInput = z.input<typeof steuermannSchema>;
export type SteuermannConfig = z.output<typeof steuermannSchema>;
export type NodePoolConfig = z.output<typeof nodePool>;
export type AppConfig = NonNullable<z.output<typeof app>>;
export type FeatureConfig = NonNullable<z.output<typeof feature>>;

/** The keys a schema object accepts at a path, for did-you-mean suggestions. */
export function knownKeysAt(path: readonly PropertyKey[], schema: z.ZodType = steuermannSchema): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (node instanceof z.ZodObject) {
      node = unwrap(node.shape[String(segment)] as z.ZodType | undefined);
    } else if (node instanceof z.ZodArray) {
      node = unwrap(node.element as z.ZodType);
    } else {
      return [];
    }
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrap(node: z.ZodType | undefined): z.ZodType | undefined {
  let current = node;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodNullable
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}
