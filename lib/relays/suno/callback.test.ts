// The callback service on a real database: the token is the task's id plus a secret (anything else
// is "not found"), progress only moves the status word, the first final state wins, and a callback
// that beats the submit's answer is kept for the poller, which then never has to ask.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createOrder } from "@/lib/orders/service";
import { relayTaskFor, runRelayTask } from "@/lib/relays/relay-task";
import { acceptSunoCallback, sunoCallbackUrl } from "@/lib/relays/suno/callback";
import { sunoAdapter } from "@/lib/relays/suno/client";
import { actorWithCredits, addUpstream } from "@/test/helpers/relays";

vi.stubEnv("RELAY_MASTER_KEY", randomBytes(32).toString("hex"));
vi.stubEnv("PUBLIC_BASE_URL", "https://mixdesk.example");
vi.stubEnv("RELAY_SUNO_POLL_INTERVAL_MS", "20");
vi.stubEnv("JOBS_EMBEDDED", "false");

let upstreamId = "";
let actor: { userId: string; teamId: string };

beforeAll(async () => {
  actor = await actorWithCredits(100);
  // Nothing listens here: any call to the upstream would fail the test.
  upstreamId = (await addUpstream({ kind: "suno", baseUrl: "http://127.0.0.1:9", apiKey: "suno-key-0123456789" })).id;
});

async function freshTask() {
  const { orderNo } = await createOrder(actor, {
    orderType: "extract-text",
    stuff: { pathKey: "http://127.0.0.1:9/a.wav" },
  });
  const order = await db.order.findUniqueOrThrow({ where: { orderNo } });
  const task = await relayTaskFor(order.id, upstreamId);
  const url = await sunoCallbackUrl(task.id);
  return { order, task, url, token: url.split("/").at(-1) as string };
}

const body = (taskId: string, type: string, extra: object = {}) => ({
  code: 200,
  msg: "ok",
  data: {
    callbackType: type,
    task_id: taskId,
    data:
      type === "text"
        ? []
        : [
            {
              id: "v1",
              audio_url: "https://cdn.example/v1.mp3",
              image_url: "https://cdn.example/v1.jpeg",
              duration: 4,
            },
          ],
  },
  ...extra,
});

const notFound = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).kind).toBe("not_found");
};

describe("acceptSunoCallback", () => {
  it("gives each task one token under PUBLIC_BASE_URL; anything but that exact token is not found", async () => {
    const { task, url, token } = await freshTask();
    expect(url).toMatch(/^https:\/\/mixdesk\.example\/api\/relays\/suno\/callback\/[^/]+$/);
    expect(await sunoCallbackUrl(task.id)).toBe(url); // asking again keeps the first token
    expect(token.startsWith(`${task.id}.`)).toBe(true);
    await notFound(acceptSunoCallback("", body("x", "text")));
    await notFound(acceptSunoCallback(task.id, body("x", "text")));
    await notFound(acceptSunoCallback(`${task.id}.${"x".repeat(32)}`, body("x", "text")));
    await notFound(acceptSunoCallback(`${token}x`, body("x", "text")));
    const other = await freshTask();
    await notFound(acceptSunoCallback(`${task.id}.${other.token.split(".")[1]}`, body("x", "text")));
  });

  it("progress moves the status word only; the first final state wins and later ones change nothing", async () => {
    const { task, token } = await freshTask();
    await db.relayTask.update({ where: { id: task.id }, data: { upstreamTaskId: "up-1", state: "submitted" } });
    expect(await acceptSunoCallback(token, body("up-1", "text"))).toBe("progress");
    let row = await db.relayTask.findUniqueOrThrow({ where: { id: task.id } });
    expect([row.state, row.upstreamStatus, row.resultJson]).toEqual(["submitted", "TEXT_SUCCESS", null]);
    expect(await acceptSunoCallback(token, body("up-2", "complete"))).toBe("ignored"); // another task's
    expect(await acceptSunoCallback(token, { nonsense: true })).toBe("ignored");
    expect(await acceptSunoCallback(token, body("up-1", "complete"))).toBe("stored");
    row = await db.relayTask.findUniqueOrThrow({ where: { id: task.id } });
    expect([row.state, row.upstreamStatus]).toEqual(["finished", "SUCCESS"]);
    const stored = row.resultJson;
    expect(await acceptSunoCallback(token, body("up-1", "complete"))).toBe("ignored");
    expect(
      await acceptSunoCallback(token, { code: 501, msg: "failed", data: { callbackType: "error", task_id: "up-1" } }),
    ).toBe("ignored");
    expect(await acceptSunoCallback(token, body("up-1", "first"))).toBe("progress");
    row = await db.relayTask.findUniqueOrThrow({ where: { id: task.id } });
    expect([row.state, row.upstreamStatus, row.resultJson]).toEqual(["finished", "SUCCESS", stored]);
  });

  it("a callback that beats the submit's answer is kept; the runner then takes it without polling", async () => {
    const { order, task, token } = await freshTask();
    const upstream = await db.upstream.findUniqueOrThrow({ where: { id: upstreamId } });
    const submitted: string[] = [];
    const adapter = {
      ...sunoAdapter,
      pollIntervalMs: 20,
      // The upstream finishes and calls back while its answer to the submit is still on the way.
      submit: async () => {
        submitted.push("submit");
        expect(await acceptSunoCallback(token, body("up-early", "complete"))).toBe("stored");
        return { taskId: "up-early" };
      },
      poll: async () => {
        throw new Error("must not poll: the callback already said how it ended");
      },
    };
    const state = await runRelayTask({
      order,
      upstream,
      adapter,
      request: { orderType: "upload-extend", inputUrl: "https://x/a.mp3" },
      signal: AbortSignal.timeout(10_000),
      workerId: "w1",
    });
    expect(state.status).toBe("succeeded");
    expect(state.files.map((f) => f.business)).toEqual(["audio", "cover"]);
    const row = await db.relayTask.findUniqueOrThrow({ where: { id: task.id } });
    expect([row.state, row.upstreamTaskId]).toEqual(["finished", "up-early"]);
    expect(submitted).toHaveLength(1);
  });
});
