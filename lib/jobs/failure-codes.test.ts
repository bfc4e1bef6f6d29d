// The codes people see are recorded where a failure happens: a download's failure names its kind
// and only safe numbers (never the URL or host), and problem+json answers carry an AppError's code.
import { expect, test } from "vitest";
import { fetchFailure } from "@/lib/jobs/process-order";
import { DIALECTS } from "@/lib/http/dialects";
import { AppError } from "@/lib/errors";
import { SafeFetchError } from "@/lib/media/safe-fetch";
import { ShortVideoError } from "@/lib/short-video/types";

const MB = 1024 * 1024;

test("download failures map to codes with safe params", () => {
  const cases: [SafeFetchError, unknown][] = [
    [
      new SafeFetchError("http_status", "The link answered HTTP 404", 404),
      { code: "link_http_status", params: { status: 404 } },
    ],
    [
      new SafeFetchError("blocked_address", "Refusing to fetch 10.0.0.1: it is a private address"),
      { code: "link_blocked" },
    ],
    [new SafeFetchError("dns", "The host nowhere.example could not be found"), { code: "link_host_unknown" }],
    [
      new SafeFetchError("too_large", "The file is larger than the 200 MB limit"),
      { code: "link_too_large", params: { mb: 200 } },
    ],
    [new SafeFetchError("timeout", "Fetching a.example took longer than 30 s"), { code: "link_timeout" }],
    [new SafeFetchError("bad_url", "Not a valid URL: ftp://x"), { code: "link_invalid" }],
    [new SafeFetchError("too_many_redirects", "Gave up after 5 redirects"), { code: "link_network" }],
    [new SafeFetchError("network", "The connection to a.example broke: ECONNRESET"), { code: "link_network" }],
  ];
  for (const [error, expected] of cases) expect(fetchFailure(error, 200 * MB)).toEqual(expected);
});

test("problem+json carries the error's code and params, or its kind", async () => {
  const shortVideo = DIALECTS.problem
    .error(new ShortVideoError("input", "douyin", "share page", "Douyin: INIT_STATE…"), "req-1")
    .toResponse();
  expect(shortVideo.status).toBe(400);
  const body = await shortVideo.json();
  expect(body).toMatchObject({ code: "short_video_input", params: { platform: "douyin" }, status: 400 });

  const noLink = await DIALECTS.problem
    .error(new ShortVideoError("input", "link", "share text", "no URL"), "r")
    .toResponse()
    .json();
  expect(noLink.code).toBe("short_video_no_link");

  const conflict = await DIALECTS.problem
    .error(new AppError("conflict", "Saved by someone else"), "req-2")
    .toResponse()
    .json();
  expect(conflict.code).toBe("conflict");
  expect(conflict.params).toBeUndefined();

  const crash = await DIALECTS.problem.error(new Error("secret internals"), "req-3").toResponse().json();
  expect(crash).toMatchObject({ code: "internal", status: 500 });
  expect(JSON.stringify(crash)).not.toContain("secret internals");
});
