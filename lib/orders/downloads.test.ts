// Stem downloads on real ffmpeg and SQLite: a stem in another format is made once and served from
// disk the second time; "Download all" is a zip of every stem named by its file; another team's
// order is not found.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { stemDownload } from "@/lib/orders/downloads";
import { newOrderNo } from "@/lib/orders/order-no";
import { signUp } from "@/lib/users/service";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-stem-dl-"));
const data = path.join(dir, "data");
let actor: { userId: string; teamId: string };
let orderNo: string;

async function person() {
  const user = await signUp({
    email: `dl-${randomUUID().slice(0, 8)}@example.com`,
    name: "Dl",
    password: "a long password 1",
  });
  const { teamId } = await db.membership.findFirstOrThrow({ where: { userId: user.id } });
  return { userId: user.id, teamId };
}

function tone(rel: string, hz: number) {
  const abs = path.join(data, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=${hz}:duration=1`,
    "-ac",
    "2",
    abs,
  ]);
  return fs.statSync(abs).size;
}

const ffprobeCodec = (file: string) =>
  execFileSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file], {
    encoding: "utf8",
  }).trim();

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", data);
  actor = await person();
  orderNo = newOrderNo();
  const files = [
    {
      name: "vocals.mp3",
      business: "vocals",
      path: `results/${orderNo}/vocals.mp3`,
      bytes: tone(`results/${orderNo}/vocals.mp3`, 440),
    },
    {
      name: "accompaniment.mp3",
      business: "accompaniment",
      path: `results/${orderNo}/accompaniment.mp3`,
      bytes: tone(`results/${orderNo}/accompaniment.mp3`, 220),
    },
  ];
  await db.order.create({
    data: {
      orderNo,
      userId: actor.userId,
      teamId: actor.teamId,
      type: "track-separation",
      status: "finish",
      payStatus: "paid",
      messageId: randomUUID(),
      pathKey: "https://example.com/song.mp3",
      holdAmount: 0,
      progress: 1,
      files: { create: files },
    },
  });
});
afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe("stem downloads", () => {
  it("a stem in its stored format is the stored file, named by it", async () => {
    const res = await stemDownload(actor, orderNo, "mp3", "vocals");
    expect(res.headers.get("content-type")).toBe("audio/mpeg");
    expect(res.headers.get("content-disposition")).toContain(`filename="${orderNo} - vocals.mp3"`);
    expect((await bytesOf(res)).equals(fs.readFileSync(path.join(data, "results", orderNo, "vocals.mp3")))).toBe(true);
  });

  it("WAV and FLAC are made on the first download and served from the cache on the second", async () => {
    for (const [format, codec, type] of [
      ["wav", "pcm_s16le", "audio/wav"],
      ["flac", "flac", "audio/flac"],
    ] as const) {
      const first = await stemDownload(actor, orderNo, format, "vocals");
      expect(first.headers.get("content-type")).toBe(type);
      expect(first.headers.get("content-disposition")).toContain(`filename="${orderNo} - vocals.${format}"`);
      const out = path.join(dir, `first.${format}`);
      fs.writeFileSync(out, await bytesOf(first));
      expect(ffprobeCodec(out)).toBe(codec);

      // Whatever the cache holds is what the second download serves: nothing is encoded again.
      const cache = path.join(data, "results", orderNo, `vocals.mp3.${format}`);
      expect(fs.readFileSync(cache).equals(fs.readFileSync(out))).toBe(true);
      fs.writeFileSync(cache, `cached ${format}`);
      expect((await bytesOf(await stemDownload(actor, orderNo, format, "vocals"))).toString()).toBe(`cached ${format}`);
      fs.rmSync(cache);
    }
  });

  it("two first downloads at once share one encode and both get the whole file", async () => {
    const [a, b] = await Promise.all([
      stemDownload(actor, orderNo, "wav", "accompaniment"),
      stemDownload(actor, orderNo, "wav", "accompaniment"),
    ]);
    const [x, y] = [await bytesOf(a), await bytesOf(b)];
    expect(x.length).toBeGreaterThan(44_100 * 4 * 0.9);
    expect(x.equals(y)).toBe(true);
    expect(fs.readdirSync(path.join(data, "results", orderNo)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("Download all is a zip of every stem in the chosen format", async () => {
    const res = await stemDownload(actor, orderNo, "flac");
    expect(res.headers.get("content-type")).toBe("application/zip");
    // Named by the order's title (none here, so its number): `<title> - stems (FLAC).zip`.
    expect(res.headers.get("content-disposition")).toContain(`filename="${orderNo} - stems (FLAC).zip"`);
    const zip = path.join(dir, "all.zip");
    fs.writeFileSync(zip, await bytesOf(res));
    const out = path.join(dir, "unzipped");
    execFileSync("unzip", ["-q", "-o", zip, "-d", out]);
    expect(fs.readdirSync(out).sort()).toEqual([`${orderNo} - accompaniment.flac`, `${orderNo} - vocals.flac`]);
    for (const f of fs.readdirSync(out)) expect(ffprobeCodec(path.join(out, f))).toBe("flac");
  });

  it("another team's order, an unknown stem and an unfinished order are refused", async () => {
    const stranger = await person();
    await expect(stemDownload(stranger, orderNo, "mp3")).rejects.toMatchObject({ status: 404 });
    await expect(stemDownload(actor, orderNo, "mp3", "drums")).rejects.toMatchObject({ status: 404 });
    const pending = newOrderNo();
    await db.order.create({
      data: {
        orderNo: pending,
        userId: actor.userId,
        teamId: actor.teamId,
        type: "track-separation",
        messageId: randomUUID(),
        pathKey: "https://example.com/a.mp3",
        holdAmount: 0,
        payStatus: "released",
      },
    });
    await expect(stemDownload(actor, pending, "mp3")).rejects.toMatchObject({ status: 409 });
  });
});
