// Child of bench/harness.ts: a user with credits, their team and an API key in DATABASE_URL; prints
// {key, userId} as JSON. Through the services, so the rows are what sign-up and the keys page make.
import { randomBytes } from "node:crypto";

const credits = Number(process.argv[2] ?? 1_000_000);
const { db } = await import("@/lib/db");
const { signUp } = await import("@/lib/users/service");
const { createApiKey } = await import("@/lib/auth/api-keys");
const { grant } = await import("@/lib/billing/ledger");

const id = randomBytes(4).toString("hex");
const user = await signUp({ email: `bench-${id}@example.com`, name: "Bench", password: "bench password 12345" });
const teamId = (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
const { key } = await createApiKey(user.id, teamId, { name: "bench" });
await grant({ userId: user.id, amount: credits, idempotencyKey: `bench:${id}:grant` });
await db.$disconnect();
console.log(JSON.stringify({ key, userId: user.id, email: user.email, password: "bench password 12345" }));
