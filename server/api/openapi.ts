// The /api/v1 contract: one zod schema per query, body and answer. The routes (routes.tsx)
// validate with these schemas and the OpenAPI 3.1 document served at /api/v1/openapi.json is
// generated from them (zod's own JSON Schema output), so the two cannot drift.
import { z } from "zod";
import type { Ctx } from "../core/http.ts";
import { Validation } from "../core/errors.ts";
import { SCOPES, type Scope } from "./keys.ts";

const when = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
const nullable = <T extends z.ZodType>(t: T) => t.nullable();
const int = (min: number, max: number, def: number) => z.coerce.number().int().min(min).max(max).default(def);

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe("稳定的错误代码，如 api.scope"),
    message: z.string().describe("中文说明"),
    fields: z.record(z.string(), z.string()).optional().describe("字段 → 中文说明"),
  }),
});

const Case = z.object({
  no: z.string(),
  source: z.string(),
  state: z.string(),
  state_name: z.string(),
  category_code: nullable(z.string()).describe("Open311 服务代码，如 C01001"),
  category_name: nullable(z.string()),
  description: z.string(),
  address: nullable(z.string()),
  lng: nullable(z.number()),
  lat: nullable(z.number()),
  grid_code: nullable(z.string()),
  department: nullable(z.string()),
  due_at: nullable(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: nullable(z.string()),
});

export const CasesQuery = z.strictObject({
  since: when.optional().describe("只列出此时间之后更新的案件（ISO 8601）"),
  state: z.string().min(1).max(20).optional().describe("状态代码，如 dispatched"),
  page: int(1, 1_000_000, 1),
  page_size: int(1, 500, 100),
});
export const ComponentsQuery = z.strictObject({
  bbox: z
    .string()
    .regex(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/, "bbox 参数格式为 minLng,minLat,maxLng,maxLat")
    .describe("minLng,minLat,maxLng,maxLat"),
});
export const NewReport = z.strictObject({
  category_code: z.string().optional().describe("Open311 服务代码，如 E06001"),
  description: z.string().trim().min(1).max(2000),
  address: z.string().max(200).optional(),
  lng: z.number().optional(),
  lat: z.number().optional(),
  reporter_name: z.string().max(50).optional(),
  reporter_phone: z.string().max(30).optional(),
});
export const CaseUpdate = z.strictObject({
  external_id: z.string().trim().max(100).optional().describe("对方系统的编号；同一编号重复提交只记一次"),
  status: z.string().trim().max(40).optional(),
  note: z.string().trim().min(1).max(2000),
});

const Feature = z.object({
  type: z.literal("Feature"),
  geometry: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }),
  properties: z.object({ code: z.string(), name: nullable(z.string()), town: z.string(), community: z.string() }),
});

type Op = {
  method: "get" | "post";
  path: string;
  operationId: string;
  summary: string;
  scope: Scope | null;
  params?: string[];
  query?: z.ZodObject;
  body?: z.ZodObject;
  /** Success answers by status; errors are added from `errors`. */
  ok: Record<number, { description: string; schema: z.ZodType }>;
  errors: number[];
};

const AUTH = [401, 403];
/** Every /api/v1 operation. routes.tsx registers exactly these (api.test.ts checks both ways). */
export const OPS: Op[] = [
  {
    method: "get",
    path: "/openapi.json",
    operationId: "getOpenApi",
    summary: "本文档",
    scope: null,
    ok: { 200: { description: "OpenAPI 3.1 文档", schema: z.record(z.string(), z.unknown()) } },
    errors: [],
  },
  {
    method: "get",
    path: "/cases",
    operationId: "listCases",
    summary: "案件列表（新的在前，可按更新时间增量读取）",
    scope: "cases:read",
    query: CasesQuery,
    ok: {
      200: {
        description: "一页案件",
        schema: z.object({ items: z.array(Case), page: z.number().int(), page_size: z.number().int() }),
      },
    },
    errors: [...AUTH, 422],
  },
  {
    method: "get",
    path: "/cases/{no}",
    operationId: "getCase",
    summary: "一件案件",
    scope: "cases:read",
    params: ["no"],
    ok: { 200: { description: "案件", schema: Case } },
    errors: [...AUTH, 404],
  },
  {
    method: "get",
    path: "/cases/{no}/timeline",
    operationId: "getCaseTimeline",
    summary: "案件时间线与回传记录",
    scope: "cases:read",
    params: ["no"],
    ok: {
      200: {
        description: "时间线",
        schema: z.object({
          events: z.array(
            z.object({
              at: z.string(),
              action: z.string(),
              from_state: nullable(z.string()),
              to_state: z.string(),
              actor: z.string(),
              note: nullable(z.string()),
            }),
          ),
          updates: z.array(
            z.object({
              at: z.string(),
              client: z.string(),
              external_id: nullable(z.string()),
              status: nullable(z.string()),
              note: z.string(),
            }),
          ),
        }),
      },
    },
    errors: [...AUTH, 404],
  },
  {
    method: "post",
    path: "/cases/{no}/updates",
    operationId: "postCaseUpdate",
    summary: "回传案件进展",
    scope: "updates:write",
    params: ["no"],
    body: CaseUpdate,
    ok: {
      201: { description: "已记录", schema: z.object({ id: z.number().int(), duplicate: z.literal(false) }) },
      200: {
        description: "同一 external_id 已记录过",
        schema: z.object({ id: z.number().int(), duplicate: z.literal(true) }),
      },
    },
    errors: [...AUTH, 404, 422],
  },
  {
    method: "post",
    path: "/reports",
    operationId: "createReport",
    summary: "上报一个问题（进入受理）",
    scope: "cases:write",
    body: NewReport,
    ok: {
      201: {
        description: "已受理",
        schema: z.object({ no: z.string(), state: z.literal("reported"), created_at: z.string() }),
      },
    },
    errors: [...AUTH, 422],
  },
  {
    method: "get",
    path: "/categories",
    operationId: "listCategories",
    summary: "问题分类",
    scope: "reference:read",
    ok: {
      200: {
        description: "分类",
        schema: z.object({
          items: z.array(
            z.object({
              code: z.string(),
              kind: z.enum(["component", "event"]),
              standard_code: z.string(),
              big_class: z.string(),
              small_class: z.string(),
              department_hint: nullable(z.string()),
            }),
          ),
        }),
      },
    },
    errors: AUTH,
  },
  {
    method: "get",
    path: "/grids",
    operationId: "listGrids",
    summary: "单元网格（GeoJSON）",
    scope: "reference:read",
    ok: {
      200: {
        description: "GeoJSON FeatureCollection",
        schema: z.object({ type: z.literal("FeatureCollection"), features: z.array(Feature) }),
      },
    },
    errors: AUTH,
  },
  {
    method: "get",
    path: "/components",
    operationId: "listComponents",
    summary: "范围内的部件（最多 5000 个）",
    scope: "reference:read",
    query: ComponentsQuery,
    ok: {
      200: {
        description: "部件",
        schema: z.object({
          items: z.array(
            z.object({
              code: z.string(),
              name: nullable(z.string()),
              lng: z.number(),
              lat: z.number(),
              status: z.string(),
              address: nullable(z.string()),
              category: z.string(),
            }),
          ),
        }),
      },
    },
    errors: [...AUTH, 422],
  },
  {
    method: "get",
    path: "/exports",
    operationId: "listExports",
    summary: "每日上报导出列表",
    scope: "export:read",
    ok: {
      200: {
        description: "导出",
        schema: z.object({
          items: z.array(z.object({ day: z.string(), cases: z.number().int(), created_at: z.string() })),
        }),
      },
    },
    errors: AUTH,
  },
  {
    method: "get",
    path: "/exports/{day}",
    operationId: "getExport",
    summary: "一天的导出文件",
    scope: "export:read",
    params: ["day"],
    ok: {
      200: {
        description: "导出文件（JSON）",
        schema: z.object({ county_code: z.string().nullable(), day: z.string(), cases: z.array(z.unknown()) }).loose(),
      },
    },
    errors: [...AUTH, 404],
  },
];

const ERROR_TEXT: Record<number, string> = {
  401: "缺少或无效的 API 密钥",
  403: "密钥没有此权限范围",
  404: "不存在",
  422: "参数或请求体有误",
};

/** JSON Schema 2020-12 (what OpenAPI 3.1 uses) of a zod schema, as input or output. */
function js(s: z.ZodType, io: "input" | "output" = "output") {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

const ERR = { $ref: "#/components/schemas/Error" };
const json = (description: string, schema: object) => ({ description, content: { "application/json": { schema } } });

export function openapi(origin: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPS) {
    const parameters = [
      ...(op.params ?? []).map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
      ...Object.entries(op.query?.shape ?? {}).map(([name, s]) => {
        const schema = js(s as z.ZodType, "input");
        return {
          name,
          in: "query",
          required: !(s as z.ZodType).safeParse(undefined).success,
          schema,
          ...(schema.description ? { description: schema.description } : {}),
        };
      }),
    ];
    const responses: Record<string, unknown> = {};
    for (const [st, r] of Object.entries(op.ok)) responses[st] = json(r.description, js(r.schema));
    for (const st of op.errors) responses[st] = json(ERROR_TEXT[st]!, ERR);
    (paths[op.path] ??= {})[op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.scope ? { security: [{ apiKey: [op.scope] }, { bearer: [op.scope] }] } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { "application/json": { schema: js(op.body, "input") } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "万米 数据交换接口",
      version: "1.1.0",
      description: `案件、时间线、分类、网格、部件的读取；上报创建；案件进展回传；每日上报导出。每个密钥有权限范围（scopes）：${Object.keys(SCOPES).join("、")}。`,
    },
    servers: [{ url: `${origin}/api/v1` }],
    components: {
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
        bearer: { type: "http", scheme: "bearer" },
      },
      schemas: { Error: js(ErrorBody) },
    },
    paths,
  };
}

/** Field errors of a failed parse, keyed by the first path element. */
function fields(issues: z.core.$ZodIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[String(i.path[0] ?? "_")] ??= i.message;
  return out;
}

/** The request's query, validated by the operation's schema (422 with field errors). */
export function queryOf<T extends z.ZodObject>(c: Ctx, schema: T): z.infer<T> {
  const r = schema.safeParse(c.req.query());
  if (!r.success) throw Validation("api.query", "查询参数有误", fields(r.error.issues));
  return r.data;
}

/** The JSON body, validated by the operation's schema (422 with field errors). */
export async function bodyOf<T extends z.ZodObject>(c: Ctx, schema: T): Promise<z.infer<T>> {
  let b: unknown;
  try {
    b = await c.req.json();
  } catch {
    throw Validation("api.json", "请求体必须是 JSON 对象");
  }
  if (!b || typeof b !== "object" || Array.isArray(b)) throw Validation("api.json", "请求体必须是 JSON 对象");
  const r = schema.safeParse(b);
  if (!r.success) throw Validation("api.body", "请求体有误", fields(r.error.issues));
  return r.data;
}
