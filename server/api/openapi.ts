// OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.
const ref = (n: string) => ({ $ref: `#/components/schemas/${n}` });
const ok = (schema: object, description = "成功") => ({ description, content: { "application/json": { schema } } });
const errors = { "401": ok(ref("Error"), "密钥无效"), "403": ok(ref("Error"), "缺少权限范围") };
const sec = (scope: string) => [{ apiKey: [scope] }, { bearer: [scope] }];

export function openapi(origin: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "万米 数据交换接口",
      version: "1.0.0",
      description:
        "案件、时间线、分类、网格、部件的读取；上报创建；案件进展回传；每日上报导出。每个密钥有权限范围（scopes）。",
    },
    servers: [{ url: `${origin}/api/v1` }],
    components: {
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
        bearer: { type: "http", scheme: "bearer" },
      },
      schemas: {
        Error: {
          type: "object",
          properties: {
            error: {
              type: "object",
              properties: { code: { type: "string" }, message: { type: "string" }, fields: { type: "object" } },
            },
          },
        },
        Case: {
          type: "object",
          required: ["no", "state", "created_at"],
          properties: {
            no: { type: "string" },
            source: { type: "string" },
            state: { type: "string" },
            state_name: { type: "string" },
            category_code: { type: ["string", "null"] },
            category_name: { type: ["string", "null"] },
            description: { type: "string" },
            address: { type: ["string", "null"] },
            lng: { type: ["number", "null"] },
            lat: { type: ["number", "null"] },
            grid_code: { type: ["string", "null"] },
            department: { type: ["string", "null"] },
            due_at: { type: ["string", "null"] },
            created_at: { type: "string", format: "date-time" },
            updated_at: { type: "string", format: "date-time" },
            closed_at: { type: ["string", "null"] },
          },
        },
        Event: {
          type: "object",
          properties: {
            at: { type: "string" },
            action: { type: "string" },
            from_state: { type: ["string", "null"] },
            to_state: { type: "string" },
            actor: { type: "string" },
            note: { type: ["string", "null"] },
          },
        },
        NewReport: {
          type: "object",
          required: ["description"],
          properties: {
            category_code: { type: "string", description: "Open311 服务代码，如 E06001" },
            description: { type: "string" },
            address: { type: "string" },
            lng: { type: "number" },
            lat: { type: "number" },
            reporter_name: { type: "string" },
            reporter_phone: { type: "string" },
          },
        },
        CaseUpdate: {
          type: "object",
          required: ["note"],
          properties: { external_id: { type: "string" }, status: { type: "string" }, note: { type: "string" } },
        },
      },
    },
    paths: {
      "/cases": {
        get: {
          summary: "案件列表",
          security: sec("cases:read"),
          parameters: [
            { name: "since", in: "query", schema: { type: "string", format: "date-time" } },
            { name: "state", in: "query", schema: { type: "string" } },
            { name: "page", in: "query", schema: { type: "integer" } },
            { name: "page_size", in: "query", schema: { type: "integer", maximum: 500 } },
          ],
          responses: {
            "200": ok({
              type: "object",
              properties: { items: { type: "array", items: ref("Case") }, page: { type: "integer" } },
            }),
            ...errors,
          },
        },
      },
      "/cases/{no}": {
        get: {
          summary: "案件详情",
          security: sec("cases:read"),
          parameters: [{ name: "no", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": ok(ref("Case")), "404": ok(ref("Error"), "不存在"), ...errors },
        },
      },
      "/cases/{no}/timeline": {
        get: {
          summary: "案件时间线（含外部回传）",
          security: sec("cases:read"),
          parameters: [{ name: "no", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": ok({
              type: "object",
              properties: { events: { type: "array", items: ref("Event") }, updates: { type: "array" } },
            }),
            ...errors,
          },
        },
      },
      "/cases/{no}/updates": {
        post: {
          summary: "回传案件进展",
          security: sec("updates:write"),
          parameters: [{ name: "no", in: "path", required: true, schema: { type: "string" } }],
          requestBody: { content: { "application/json": { schema: ref("CaseUpdate") } } },
          responses: {
            "201": ok({ type: "object" }),
            "200": ok({ type: "object" }, "重复（external_id 已收到）"),
            ...errors,
          },
        },
      },
      "/reports": {
        post: {
          summary: "创建上报（经受理流程）",
          security: sec("cases:write"),
          requestBody: { content: { "application/json": { schema: ref("NewReport") } } },
          responses: {
            "201": ok({ type: "object", properties: { no: { type: "string" } } }),
            "422": ok(ref("Error"), "内容有误"),
            ...errors,
          },
        },
      },
      "/categories": {
        get: {
          summary: "标准分类",
          security: sec("reference:read"),
          responses: { "200": ok({ type: "object" }), ...errors },
        },
      },
      "/grids": {
        get: {
          summary: "单元网格（GeoJSON）",
          security: sec("reference:read"),
          responses: { "200": ok({ type: "object" }), ...errors },
        },
      },
      "/components": {
        get: {
          summary: "部件（按范围）",
          security: sec("reference:read"),
          parameters: [
            { name: "bbox", in: "query", schema: { type: "string" }, description: "minLng,minLat,maxLng,maxLat" },
          ],
          responses: { "200": ok({ type: "object" }), ...errors },
        },
      },
      "/exports": {
        get: {
          summary: "每日上报导出列表",
          security: sec("export:read"),
          responses: { "200": ok({ type: "object" }), ...errors },
        },
      },
      "/exports/{day}": {
        get: {
          summary: "某日导出文件",
          security: sec("export:read"),
          parameters: [{ name: "day", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": ok({ type: "object" }), "404": ok(ref("Error")), ...errors },
        },
      },
    },
  };
}
