// The team webhook: one URL per team for order events, its signing secret (shared with the Music
// API callbacks), a test event and the delivery log. Owners change it; members read it.
import { db } from "@/lib/db";
import { badRequest, forbidden } from "@/lib/errors";
import { WEBHOOK_EVENTS, type WebhookEvent } from "@/lib/contracts/music";
import { deliverNow, deliveryView, enqueueDelivery } from "@/lib/webhooks/deliveries";
import { encryptSecret, ensureTeamWebhook, newSecret, secretHint } from "@/lib/webhooks/secret";

type Member = { team: { id: string; role: "owner" | "member" } };

const ownerOnly = (m: Member) => {
  if (m.team.role !== "owner") throw forbidden("Only the team owner can change the webhook");
};

export const parseEvents = (raw: string): WebhookEvent[] => {
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v)
      ? (v.filter((e) => (WEBHOOK_EVENTS as readonly string[]).includes(e)) as WebhookEvent[])
      : [];
  } catch {
    return [];
  }
};

export async function getTeamWebhook(teamId: string) {
  const hook = await ensureTeamWebhook(teamId);
  const deliveries = await db.webhookDelivery.findMany({
    where: { teamId, kind: "webhook" },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
  return {
    url: hook.url,
    events: parseEvents(hook.events),
    secretHint: hook.secretHint,
    deliveries: deliveries.map(deliveryView),
  };
}

export async function updateTeamWebhook(m: Member, input: { url: string | null; events: WebhookEvent[] }) {
  ownerOnly(m);
  await ensureTeamWebhook(m.team.id);
  await db.teamWebhook.update({
    where: { teamId: m.team.id },
    data: { url: input.url, events: JSON.stringify([...new Set(input.events)]) },
  });
  return getTeamWebhook(m.team.id);
}

export async function rotateTeamSecret(m: Member) {
  ownerOnly(m);
  await ensureTeamWebhook(m.team.id);
  const secret = newSecret();
  await db.teamWebhook.update({
    where: { teamId: m.team.id },
    data: { secretCipher: encryptSecret(secret), secretHint: secretHint(secret) },
  });
  return { secret, secretHint: secretHint(secret) };
}

export async function webhookSecretHint(teamId: string) {
  return { secretHint: (await ensureTeamWebhook(teamId)).secretHint };
}

export async function sendTestEvent(m: Member) {
  ownerOnly(m);
  const hook = await ensureTeamWebhook(m.team.id);
  if (!hook.url) throw badRequest("Set a webhook URL first", { url: "Set a webhook URL first" });
  const row = await enqueueDelivery(
    {
      teamId: m.team.id,
      kind: "webhook",
      event: "test",
      url: hook.url,
      body: { event: "test", createdAt: new Date().toISOString(), data: { message: "A test event from Mixdesk" } },
    },
    undefined,
    { claimed: true },
  );
  return { delivery: await deliverNow(row) };
}
