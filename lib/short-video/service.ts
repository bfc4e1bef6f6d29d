// One parse for a user: check the balance first (no fetching for a user who cannot pay), parse,
// then charge the admin-set price atomically (hold + capture in one transaction, guarded on the
// balance) with an idempotency key per parse. Failures are never charged. The same link parsed
// again by the team within SHORT_VIDEO_REUSE_HOURS answers the earlier result, uncharged.
import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { capture, hold } from "@/lib/billing/ledger";
import { InsufficientCreditsError } from "@/lib/errors";
import { priceOf } from "@/lib/orders/pricing";
import { parseShortVideoRouted } from "@/lib/relays/short-video";
import { extractUrl, inputError } from "./index";
import { parseView } from "./browser";
import type { ShortVideoResult } from "./types";

type ParseRow = NonNullable<Awaited<ReturnType<typeof db.shortVideoParse.findFirst>>>;

const resultOf = (r: ParseRow): ShortVideoResult => ({
  platform: r.platform as ShortVideoResult["platform"],
  title: r.title,
  author: r.author,
  cover: r.cover,
  videoUrl: r.videoUrl,
  musicUrl: r.musicUrl,
  ...(r.images ? { images: JSON.parse(r.images) as string[] } : {}),
  ...(r.headers ? { headers: JSON.parse(r.headers) as Record<string, string> } : {}),
});

/**
 * The team's latest parse of the same link within the reuse window, or null. "Same link" is the
 * URL in the share text (the words around it differ between two shares of one video).
 */
async function recentParse(teamId: string, url: URL): Promise<ParseRow | null> {
  const hours = env().SHORT_VIDEO_REUSE_HOURS;
  if (!(hours > 0)) return null;
  const rows = await db.shortVideoParse.findMany({
    where: { teamId, createdAt: { gte: new Date(Date.now() - hours * 3_600_000) }, link: { contains: url.host } },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return rows.find((r) => extractUrl(r.link)?.href === url.href) ?? null;
}

export async function analyzeShortVideo(
  actor: { userId: string; teamId: string },
  link: string,
): Promise<ShortVideoResult & { balance: number; id: string; reused: boolean }> {
  const { userId } = actor;
  // Text without a URL is the user's mistake: say so before talking about credits.
  const url = extractUrl(link);
  if (!url) throw inputError("link", "share text", "no http(s) URL was found in the text");
  // Before the balance check: a result the team already paid for is shown even at 0 credits.
  const earlier = await recentParse(actor.teamId, url);
  if (earlier) {
    const { balance } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { balance: true } });
    return { ...resultOf(earlier), balance, id: earlier.id, reused: true };
  }
  const price = (await priceOf("short-video")).baseCredits;
  const before = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { balance: true } });
  if (before.balance < price) throw new InsufficientCreditsError("Not enough credits to parse");

  const result = await parseShortVideoRouted(link);

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
  return { ...result, balance: after.balance, id: parseId, reused: false };
}

/** The browser's parse: the stored row as the page shows it, and the balance after. */
export async function analyzeForBrowser(actor: { userId: string; teamId: string }, link: string) {
  const r = await analyzeShortVideo(actor, link);
  return {
    parse: parseView(await db.shortVideoParse.findUniqueOrThrow({ where: { id: r.id } })),
    balance: r.balance,
    reused: r.reused,
  };
}
