// One parse for a user: check the balance first (no fetching for a user who cannot pay), parse,
// then charge the admin-set price atomically (hold + capture in one transaction, guarded on the
// balance) with an idempotency key per parse. Failures are never charged.
import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { capture, hold } from "@/lib/billing/ledger";
import { InsufficientCreditsError } from "@/lib/errors";
import { priceOf } from "@/lib/orders/pricing";
import { extractUrl, inputError, parseShortVideo } from "./index";
import { parseView } from "./browser";
import type { ShortVideoResult } from "./types";

export async function analyzeShortVideo(
  actor: { userId: string; teamId: string },
  link: string,
): Promise<ShortVideoResult & { balance: number; id: string }> {
  const { userId } = actor;
  // Text without a URL is the user's mistake: say so before talking about credits.
  if (!extractUrl(link)) throw inputError("link", "share text", "no http(s) URL was found in the text");
  const price = (await priceOf("short-video")).baseCredits;
  const before = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { balance: true } });
  if (before.balance < price) throw new InsufficientCreditsError("Not enough credits to parse");

  const result = await parseShortVideo(link);

  const parseId = randomUUID();
  if (price > 0) {
    await db.$transaction(
      async (tx) => {
        const req = { userId, amount: price, reason: "short-video parse", ref: `short-video:${parseId}` };
        await hold({ ...req, idempotencyKey: `short-video:${parseId}:hold` }, tx);
        await capture({ ...req, idempotencyKey: `short-video:${parseId}:capture` }, tx);
      },
      { maxWait: 30_000, timeout: 30_000 },
    );
  }
  await db.shortVideoParse.create({
    data: {
      id: parseId,
      userId,
      teamId: actor.teamId,
      link: link.slice(0, 4096),
      platform: result.platform,
      title: result.title,
      author: result.author,
      cover: result.cover,
      videoUrl: result.videoUrl,
      musicUrl: result.musicUrl,
      images: result.images ? JSON.stringify(result.images) : null,
      headers: result.headers ? JSON.stringify(result.headers) : null,
      cost: price,
    },
  });
  const after = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { balance: true } });
  return { ...result, balance: after.balance, id: parseId };
}

/** The browser's parse: the stored row as the page shows it, and the balance after. */
export async function analyzeForBrowser(actor: { userId: string; teamId: string }, link: string) {
  const r = await analyzeShortVideo(actor, link);
  return { parse: parseView(await db.shortVideoParse.findUniqueOrThrow({ where: { id: r.id } })), balance: r.balance };
}
