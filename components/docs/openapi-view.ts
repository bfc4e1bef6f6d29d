// Reads the parts of an OpenAPI 3.1 document the docs page shows, and makes examples from its
// JSON Schemas, so the page follows the document without knowing its operations.
type Schema = {
  type?: string | string[];
  enum?: unknown[];
  examples?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
};

type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Response = { description?: string; content?: Record<string, { schema?: Schema }> };
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, Response>;
  security?: Record<string, string[]>[];
};
export type OpenApiDoc = {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
};

export type OperationView = {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  parameters: { name: string; in: string; required: boolean; type: string; description?: string }[];
  body: { fields: FieldView[]; example: unknown } | null;
  success: { status: string; description: string; example: unknown } | null;
  errors: { status: string; description: string; messages: string[] }[];
  curl: { bearer: string; query: string };
};
export type FieldView = { name: string; type: string; required: boolean; values?: string[] };

// Friendlier sample values than "string" for the fields the API has.
const SAMPLES: Record<string, unknown> = {
  orderType: "track-separation",
  pathKey: "https://example.com/song.mp3",
  orderNo: "M7Q2XK4D9P1ZB8R3TA",
  messageId: "0f8e3c1a-5b7d-4e2a-9c6f-1d2b3a4c5e6f",
  url: "https://mixdesk.example.com/api/files/results/M7Q2XK4D9P1ZB8R3TA/vocals.mp3?exp=…&sig=…",
  name: "vocals.mp3",
  business: "vocals",
  status: "finish",
  orderStatus: "pending",
  payStatus: "paid",
  reason: null,
  cost: 10,
  balance: 990,
  held: 0,
  progress: 1,
  team: "Studio",
  code: 0,
  msg: "success",
};

function typeOf(s: Schema | undefined): string {
  if (!s) return "any";
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map(typeOf).join(" | ");
  if (s.enum) return "enum";
  const t = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "any");
  return t === "array" ? `${typeOf(s.items)}[]` : t;
}

export function exampleOf(s: Schema | undefined, name = ""): unknown {
  if (!s) return null;
  if (name in SAMPLES) return SAMPLES[name];
  if (s.examples?.length) return s.examples[0];
  if (s.enum?.length) return s.enum[0];
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return exampleOf(variants.find((v) => v.type !== "null") ?? variants[0], name);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object":
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, exampleOf(v, k)]));
    case "array":
      return [exampleOf(s.items, name)];
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return "string";
  }
}

function fieldsOf(s: Schema | undefined, prefix = ""): FieldView[] {
  const required = new Set((s as { required?: string[] } | undefined)?.required ?? []);
  return Object.entries(s?.properties ?? {}).flatMap(([k, v]) => {
    const name = prefix + k;
    const own: FieldView = { name, type: typeOf(v), required: required.has(k), values: v.enum?.map(String) };
    return v.type === "object" ? [own, ...fieldsOf(v, `${name}.`)] : [own];
  });
}

export const prettyJson = (v: unknown) => JSON.stringify(v, null, 2);

function curl(method: string, url: string, headers: string[], body: unknown) {
  const lines = [`curl${method === "GET" ? "" : ` -X ${method}`} "${url}"`, ...headers.map((h) => `-H "${h}"`)];
  if (body !== null) lines.push(`-H "Content-Type: application/json"`, `-d '${JSON.stringify(body)}'`);
  return lines.join(" \\\n  ");
}

/** What an API key can call: the web app's session routes (Studio) stay in the JSON document only. */
const keyed = (methods: Record<string, Operation>) =>
  Object.entries(methods).filter(([, op]) => !op.security?.some((scheme) => "session" in scheme));

export function operationsOf(doc: OpenApiDoc): OperationView[] {
  const base = doc.servers?.[0]?.url ?? "";
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    keyed(methods).map(([m, op]) => {
      const method = m.toUpperCase();
      const parameters = (op.parameters ?? []).map((p) => ({
        name: p.name,
        in: p.in,
        required: !!p.required,
        type: typeOf(p.schema),
        description: p.description,
      }));
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      const body = bodySchema ? { fields: fieldsOf(bodySchema), example: exampleOf(bodySchema) } : null;
      const responses = Object.entries(op.responses ?? {});
      const ok = responses.find(([status]) => status.startsWith("2"));
      const query = (op.parameters ?? [])
        .filter((p) => p.in === "query" && p.required)
        .map((p) => `${p.name}=${encodeURIComponent(String(exampleOf(p.schema, p.name)))}`);
      const withQuery = (extra: string[]) =>
        `${base}${path}${[...query, ...extra].length ? `?${[...query, ...extra].join("&")}` : ""}`;
      const bodyExample = body?.example ?? null;
      return {
        id: op.operationId ?? `${m}-${path}`,
        method,
        path,
        summary: op.summary ?? path,
        description: op.description ?? "",
        parameters,
        body,
        success: ok
          ? {
              status: ok[0],
              description: ok[1].description ?? "",
              example: exampleOf(ok[1].content?.["application/json"]?.schema),
            }
          : null,
        errors: responses
          .filter(([status]) => !status.startsWith("2"))
          .map(([status, r]) => ({
            status,
            description: r.description ?? "",
            messages: (r.content?.["application/json"]?.schema?.properties?.msg?.examples ?? []).map(String),
          })),
        curl: {
          bearer: curl(method, withQuery([]), ["Authorization: Bearer $MIXDESK_API_KEY"], bodyExample),
          query: curl(method, withQuery(["apiKey=$MIXDESK_API_KEY"]), [], bodyExample),
        },
      };
    }),
  );
}
