// A relayed order looks like any other to the team: its detail names no upstream unless the viewer
// administers the install (who configured the upstream and audits its work on the Engines page).
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { db } from "@/lib/db";
import { newOrderNo } from "@/lib/orders/order-no";
import { orderDetail } from "@/lib/orders/service";
import { signUp } from "@/lib/users/service";

async function orderBy(engine: string) {
  const user = await signUp({
    email: `ev-${randomUUID().slice(0, 8)}@example.com`,
    name: "Ev",
    password: "a long password 1",
  });
  const { teamId } = await db.membership.findFirstOrThrow({ where: { userId: user.id } });
  const orderNo = newOrderNo();
  await db.order.create({
    data: {
      orderNo,
      userId: user.id,
      teamId,
      type: "extract-voice",
      status: "failed",
      payStatus: "released",
      messageId: randomUUID(),
      pathKey: "http://127.0.0.1:9/missing.mp3",
      holdAmount: 0,
      engine,
    },
  });
  return { actor: { userId: user.id, teamId }, orderNo };
}

it("team members do not see which upstream served an order; administrators do; local engines show to all", async () => {
  const relayed = await orderBy("relay:Vendor A");
  expect((await orderDetail(relayed.actor, relayed.orderNo)).engine).toBeNull();
  expect((await orderDetail({ ...relayed.actor, admin: true }, relayed.orderNo)).engine).toBe("relay:Vendor A");
  const local = await orderBy("dsp-v2");
  expect((await orderDetail(local.actor, local.orderNo)).engine).toBe("dsp-v2");
});
