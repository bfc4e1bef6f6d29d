// A stand-in for one web process's rate limiting, run as its own Node process by
// test/rate-limits-redis.test.ts: reads one JSON command per line on stdin, answers one JSON line.
// It goes through the same modules the routes use (lib/auth/rate-limit, lib/http/key-rate-limit).
import readline from "node:readline";
import {
  recordFailedSignIn,
  recordSuccessfulSignIn,
  type SignInAttempt,
  signInBlockedFor,
  spendSignInAttempt,
} from "@/lib/auth/rate-limit";
import { checkKeyRate, KeyRateLimitedError } from "@/lib/http/key-rate-limit";
import { closeRateLimitStore } from "@/lib/rate-limiter";

type Command =
  | { op: "key"; key: string; points: number }
  | { op: "signin"; attempt: SignInAttempt; correct: boolean }
  | { op: "blocked"; attempt: SignInAttempt }
  | { op: "quit" };

async function run(cmd: Command): Promise<unknown> {
  switch (cmd.op) {
    case "key":
      try {
        await checkKeyRate(cmd.key, { bucket: "test", points: cmd.points, windowSeconds: 60 });
        return { ok: true };
      } catch (error) {
        if (error instanceof KeyRateLimitedError) return { ok: false, retryAfter: error.retryAfterSeconds };
        throw error;
      }
    case "signin": {
      const res = await spendSignInAttempt(cmd.attempt);
      if (!("ticket" in res)) return { ok: false, waitMinutes: res.waitMinutes };
      if (cmd.correct) await recordSuccessfulSignIn(res.ticket);
      else await recordFailedSignIn(res.ticket);
      return { ok: true };
    }
    case "blocked":
      return { minutes: await signInBlockedFor(cmd.attempt) };
    case "quit":
      await closeRateLimitStore();
      return { bye: true };
  }
}

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const cmd = JSON.parse(line) as Command;
  try {
    process.stdout.write(`${JSON.stringify(await run(cmd))}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`);
  }
  if (cmd.op === "quit") break;
}
