// The bucket being down is a retryable 503 in every dialect's own envelope, never a bare 500.
import { describe, expect, it, vi } from "vitest";
import { StorageUnavailableError } from "@/lib/errors";
import { DIALECTS } from "@/lib/http/dialects";

vi.spyOn(console, "error").mockImplementation(() => undefined);
const down = () => new StorageUnavailableError(new Error("connect ECONNREFUSED 127.0.0.1:9000"));

describe("storage_unavailable in each dialect", () => {
  it("problem+json: 503, code storage_unavailable, Retry-After", async () => {
    const res = DIALECTS.problem.error(down(), "req-12345678").toResponse();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(await res.json()).toMatchObject({ status: 503, code: "storage_unavailable", title: "Service unavailable" });
  });

  it("Open API: 503 with {code: 503, data: null, msg}", async () => {
    const res = DIALECTS.open.error(down(), "req-12345678").toResponse();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    const body = (await res.json()) as { code: number; data: unknown; msg: string };
    expect(body).toMatchObject({ code: 503, data: null });
    expect(body.msg).toMatch(/storage is unavailable/i);
  });

  it("draft API: 503 with its {detail} message", async () => {
    const res = DIALECTS.draft.error(down(), "req-12345678").toResponse();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ detail: "文件存储暂时不可用，请稍后重试" });
  });

  it("Music API: HTTP 200 like every answer, its server-error code and a message naming storage", async () => {
    const res = DIALECTS.music.error(down(), "req-12345678").toResponse();
    expect(res.status).toBe(200);
    expect(res.headers.get("retry-after")).toBe("30");
    const body = (await res.json()) as { code: number; msg: string };
    expect(body.code).toBe(500);
    expect(body.msg).toMatch(/storage is unavailable/i);
  });
});
