// Boot configuration: parsed once from the environment, validated, frozen.
// Everything an administrator changes at run time lives in the database instead.
import { z } from "zod";
import { resolve } from "node:path";
import { parseCidr } from "./client-address.ts";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z.object({
  DATA_DIR: z.string().min(1).default("./data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  COOKIE_SECURE: bool.default(false),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  SCHEDULER: bool.default(true),
  /** Reverse proxies whose X-Forwarded-For/-Proto/-Host are believed (addresses or CIDRs, comma-separated; "none"). */
  TRUSTED_PROXIES: z
    .string()
    .default("127.0.0.1,::1")
    .refine((v) => v.trim() === "none" || v.split(",").every((s) => s.trim() === "" || parseCidr(s) !== null)),
  /** Bun Workers for exports and reports (server/core/pool.ts) and the jobs that may wait for them. */
  POOL_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  POOL_QUEUE: z.coerce.number().int().min(0).max(1000).default(16),
  AMI_HOST: z.string().optional(),
  AMI_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  AMI_USER: z.string().optional(),
  AMI_SECRET: z.string().optional(),
});

export type Config = Readonly<z.infer<typeof schema> & { dataDir: string }>;

export class ConfigError extends Error {
  constructor(public problems: string[]) {
    super("配置有误 (configuration is invalid):\n" + problems.map((p) => "  - " + p).join("\n"));
    this.name = "ConfigError";
  }
}

const hints: Record<string, string> = {
  PORT: "端口必须是 1–65535 的整数",
  HOST: "监听地址不能为空",
  DATA_DIR: "数据目录不能为空",
  COOKIE_SECURE: "只能是 1/0/true/false/yes/no",
  SCHEDULER: "只能是 1/0/true/false/yes/no",
  POOL_WORKERS: "后台任务线程数须为 1–16 的整数",
  POOL_QUEUE: "后台任务队列长度须为 0–1000 的整数",
  LOG_LEVEL: "只能是 debug/info/warn/error",
  AMI_PORT: "AMI 端口必须是 1–65535 的整数",
  TRUSTED_PROXIES: "须为逗号分隔的 IP 地址或 CIDR（如 127.0.0.1,10.0.0.0/8），或 none",
};

/** Parse and validate; throws ConfigError listing every problem at once. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const picked: Record<string, string> = {};
  for (const k of Object.keys(schema.shape)) {
    const v = env[k];
    if (v !== undefined && v !== "") picked[k] = v;
  }
  const r = schema.safeParse(picked);
  if (!r.success) {
    const problems = r.error.issues.map((i) => {
      const key = String(i.path[0] ?? "?");
      return `${key}=${JSON.stringify(picked[key] ?? "")}: ${hints[key] ?? i.message}`;
    });
    throw new ConfigError(problems);
  }
  const amiKeys = ["AMI_HOST", "AMI_USER", "AMI_SECRET"] as const;
  const someAmi = amiKeys.filter((k) => r.data[k]);
  if (someAmi.length > 0 && someAmi.length < amiKeys.length) {
    throw new ConfigError([`AMI_HOST/AMI_USER/AMI_SECRET 须同时设置 (only ${someAmi.join(", ")} given)`]);
  }
  return Object.freeze({ ...r.data, dataDir: resolve(r.data.DATA_DIR) });
}
