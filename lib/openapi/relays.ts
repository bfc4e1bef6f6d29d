// Admin "Engines" → relays in the OpenAPI document (lib/contracts/relays.ts). Browser routes for
// administrators: the signed-in session cookie of an admin, same-origin JSON writes, errors as
// application/problem+json. Upstream keys go in and never come out: answers carry `keyHint` only.
import type { z } from "zod";
import { createUpstreamSchema, ROUTABLE_TYPES, updateRoutesSchema, updateUpstreamSchema } from "@/lib/contracts/relays";

type Schema = (s: z.ZodType, io?: "input" | "output") => Record<string, unknown>;

const TAG = "Admin: relays (browser session, admin)";

const problem = (description: string) => ({
  description,
  content: {
    "application/problem+json": {
      schema: {
        type: "object",
        required: ["type", "title", "status", "detail"],
        properties: {
          type: { type: "string" },
          title: { type: "string" },
          status: { type: "integer" },
          detail: { type: "string" },
          requestId: { type: "string" },
          code: { type: "string" },
          fields: { type: "object", additionalProperties: { type: "string" } },
        },
      },
    },
  },
});

const problems = (extra: Record<string, string> = {}) =>
  Object.fromEntries(
    Object.entries({ "401": "Not signed in", "403": "Not an administrator", ...extra }).map(([s, d]) => [
      s,
      problem(d),
    ]),
  );

const VIEW =
  "The whole relays view: `{keysConfigured, upstreams: [{id, name, kind, baseUrl, keyHint, model, enabled, outOfRotation, outOfRotationAt, costs, balance, balanceAt, keyUnreadable, health: {lastSuccessAt, lastErrorAt, lastError, calls24h, errorRate24h, latencyP50Ms, latencyP95Ms}}], routes: {<type>: [step…]}, prices: {<type>: base credits}, drift: [{id, upstreamName, orderNo, upstreamTaskId, kind, detail, outcome, createdAt}], lastReconcileAt}`. Never contains an upstream key.";

const view = (description = VIEW) => ({
  description,
  content: { "application/json": { schema: { type: "object" } } },
});
const idParam = [{ name: "id", in: "path", required: true, schema: { type: "string" } }];
const body = (schema: Record<string, unknown>) => ({ required: true, content: { "application/json": { schema } } });
const op = <T extends { operationId: string; summary: string }>(o: T) => ({
  tags: [TAG],
  security: [{ session: [] as string[] }],
  ...o,
});

export function relaysPaths(schema: Schema) {
  return {
    "/api/admin/relays": {
      get: op({
        operationId: "getRelays",
        summary: "Upstreams with health, balance and cost beside Mixdesk's price; routes; open drift",
        description: `Health covers the last 24 hours of calls (error rate, p50/p95 latency). Routable types: ${ROUTABLE_TYPES.join(", ")}.`,
        responses: { "200": view(), ...problems() },
      }),
    },
    "/api/admin/relays/upstreams": {
      post: op({
        operationId: "createUpstream",
        summary: "Add an upstream (kind yinzi | suno | openai-transcribe); the key is stored AES-256-GCM sealed",
        description:
          "Needs RELAY_MASTER_KEY on the server (400 otherwise). `costs` is what the upstream charges per task, in Mixdesk credits, for types its kind serves.",
        requestBody: body(schema(createUpstreamSchema, "input")),
        responses: {
          "201": view(),
          ...problems({
            "400": "Invalid input, a cost for a type the kind cannot serve, or no master key",
            "409": "Name taken",
          }),
        },
      }),
    },
    "/api/admin/relays/upstreams/{id}": {
      patch: op({
        operationId: "updateUpstream",
        summary: "Edit an upstream; a new apiKey replaces the stored one; enabled: true also puts it back in rotation",
        parameters: idParam,
        requestBody: body(schema(updateUpstreamSchema, "input")),
        responses: {
          "200": view(),
          ...problems({ "400": "Invalid input", "404": "No such upstream", "409": "Name taken" }),
        },
      }),
      delete: op({
        operationId: "deleteUpstream",
        summary: "Remove an upstream and its steps from every route (an emptied route becomes local)",
        parameters: idParam,
        responses: {
          "200": view(),
          ...problems({ "404": "No such upstream", "409": "Orders are still running at this upstream" }),
        },
      }),
    },
    "/api/admin/relays/upstreams/{id}/test": {
      post: op({
        operationId: "testUpstream",
        summary: "Test the connection (the balance/credit endpoint where the upstream has one)",
        description:
          "Answers `{ok, latencyMs, balance, error: {kind, message} | null, view}`; a failed test is `ok: false`, not an HTTP error. A success records the balance and brings an out-of-rotation upstream back.",
        parameters: idParam,
        responses: {
          "200": view("The test's outcome and the relays view"),
          ...problems({ "400": "The key cannot be opened (master key changed)", "404": "No such upstream" }),
        },
      }),
    },
    "/api/admin/relays/reconcile": {
      post: op({
        operationId: "reconcileRelays",
        summary: "Run reconciliation now (what maintenance does every RELAY_RECONCILE_MINUTES)",
        description:
          "Answers `{at, checked, repaired, reported, resolved, errors: [{name, error}], view}`: tasks compared, drift repaired or reported, old drift resolved, upstreams that could not be asked.",
        responses: { "200": view("The run's counts and the relays view"), ...problems() },
      }),
    },
    "/api/admin/relays/routes": {
      put: op({
        operationId: "updateRelayRoutes",
        summary: 'Set ordered routes per type: steps "local" or "upstream:<id>", tried first to last',
        requestBody: body(schema(updateRoutesSchema, "input")),
        responses: {
          "200": view(),
          ...problems({ "400": "A step names no upstream or one whose kind cannot serve the type (see fields)" }),
        },
      }),
    },
  };
}
