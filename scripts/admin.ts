// Operator commands without a browser: `npm run admin -- <command> [options]`.
import { parseArgs } from "node:util";
import { z } from "zod";
import { createApiKey } from "@/lib/auth/api-keys";
import { adminChangeCredits } from "@/lib/billing/admin";
import { db } from "@/lib/db";
import { DEFAULT_DATABASE_URL } from "@/lib/db-url";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { migrateFiles } from "@/lib/storage/migrate-files";
import { emailSchema } from "@/lib/contracts/account";
import { signUpSchema } from "@/lib/contracts/account";
import { currentTeam } from "@/lib/teams/service";
import { resetPassword } from "@/lib/users/passwords";
import { listUsers, signUp } from "@/lib/users/service";
import { migrateData } from "@/lib/migrate-data";
import { rotateRelayKeys } from "@/lib/relays/rotate-keys";
import { formatReport, reconcile } from "@/lib/relays/reconcile";
import { migrateDatabase } from "./db-migrate";

const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  create-user --email E --name N --password P [--role user|admin]
      Create an account (with its own team). Prints the user as JSON.
  create-key  --email E --name N [--expires 2027-01-01T00:00:00Z]
      Create an API key for the user's current team. Prints the key once.
  grant       --email E --amount N --reason R
      Grant (N > 0) or deduct (write --amount=-N) credits, recorded in the ledger.
  list-users  [--search Q] [--json]
      List users with balances.
  reset-password <email> [--stdin]
      Set a new password and end every session of the user. Prints a new random password, or
      with --stdin reads the password from standard input (its first line).
  migrate-data [--from file:./data/mixdesk.db] [--to postgresql://…] [--resume] [--batch 500]
      Copy every row of a SQLite install into PostgreSQL (--to, default DATABASE_URL), which is
      created and migrated first and must be empty unless --resume continues an interrupted copy.
      Stop the old install first. Checks row counts and the ledger in the target at the end.
  migrate-files
      Copy DATA_DIR's uploads, results and drafts into the S3 bucket (STORAGE=s3 and S3_* set).
      Safe to run again: files already there with the same size are skipped. Prints counts.
  rotate-relay-keys
      Re-encrypt every stored upstream key under RELAY_MASTER_KEY (the new key), reading old rows
      with RELAY_MASTER_KEY_PREVIOUS. Lists rows neither key opens (enter those keys again in
      Admin → Engines) and exits 1 while any remain; unset the previous key once it exits 0.
  reconcile [--upstream ID] [--json]
      Compare relay tasks with their upstreams now: repairs what is safe (re-queues orders whose
      upstream task ended) and reports the rest (unknown task ids, upstream charges for released
      orders). Exit code 1 when something needs a person.
`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0];
}

async function userByEmail(raw: string | undefined) {
  const email = emailSchema.parse(raw ?? "");
  const user = await db.user.findUnique({ where: { email } });
  if (!user) throw new AppError("not_found", `No user with email ${email}`);
  return user;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      password: { type: "string" },
      role: { type: "string" },
      expires: { type: "string" },
      amount: { type: "string" },
      reason: { type: "string" },
      search: { type: "string" },
      json: { type: "boolean", default: false },
      stdin: { type: "boolean", default: false },
      from: { type: "string" },
      to: { type: "string" },
      resume: { type: "boolean", default: false },
      batch: { type: "string" },
      upstream: { type: "string" },
    },
    strict: true,
  });

  switch (command) {
    case "create-user": {
      const input = signUpSchema.parse({ email: values.email, name: values.name, password: values.password });
      const role = z.enum(["user", "admin"]).default("user").parse(values.role);
      console.log(JSON.stringify(await signUp({ ...input, role })));
      return 0;
    }
    case "create-key": {
      const user = await userByEmail(values.email);
      const team = await currentTeam(user.id, user.currentTeamId);
      if (!team) throw new AppError("not_found", "The user belongs to no team");
      const name = z
        .string()
        .trim()
        .min(1, { error: "--name is required" })
        .parse(values.name ?? "");
      const { key } = await createApiKey(user.id, team.id, { name, expiresAt: values.expires ?? null });
      console.log(key);
      return 0;
    }
    case "grant": {
      const user = await userByEmail(values.email);
      const amount = Number(values.amount);
      const { user: after } = await adminChangeCredits({
        actorId: user.id,
        userId: user.id,
        amount,
        reason: z
          .string()
          .trim()
          .min(1, { error: "--reason is required" })
          .parse(values.reason ?? ""),
        idempotencyKey: `cli:${crypto.randomUUID()}`,
      });
      console.log(JSON.stringify({ email: user.email, ...after }));
      return 0;
    }
    case "list-users": {
      const { users } = await listUsers({ q: values.search, sort: "createdAt", dir: "asc", page: 1, pageSize: 100 });
      if (values.json) console.log(JSON.stringify(users));
      else {
        console.log(["email", "role", "balance", "held", "spent", "disabled"].join("\t"));
        for (const u of users) console.log([u.email, u.role, u.balance, u.held, u.spent, u.disabled].join("\t"));
      }
      return 0;
    }
    case "reset-password": {
      const user = await userByEmail(values.email ?? positionals[0]);
      const result = await resetPassword(user.id, values.stdin ? await readStdin() : undefined);
      if (result.generated) console.log(result.password);
      else console.log(`Password changed for ${user.email}.`);
      console.error(`${result.sessionsEnded} session(s) signed out.`);
      return 0;
    }
    case "migrate-data": {
      const from = values.from ?? DEFAULT_DATABASE_URL;
      const to = values.to ?? env().DATABASE_URL;
      if (!/^postgres(ql)?:\/\//.test(to)) {
        throw new AppError("bad_request", "--to (or DATABASE_URL) must be the postgresql:// URL of the new database");
      }
      const batchSize = z.coerce.number().int().min(1).max(5000).default(500).parse(values.batch);
      await migrateDatabase(to, { quiet: true });
      console.log("target database created if missing and migrated (prisma migrate deploy)");
      const report = await migrateData({ from, to, resume: values.resume, batchSize, log: (l) => console.log(l) });
      console.log(`\n${["table", "source", "target", "copied now"].join("\t")}`);
      for (const t of report.tables) {
        console.log([t.model, t.source, t.target, t.copied, t.source === t.target ? "" : "MISMATCH"].join("\t"));
      }
      for (const m of report.ledger.mismatches) {
        console.error(`LEDGER MISMATCH ${m.email} ${m.field}: stored ${m.stored}, ledger says ${m.fromLedger}`);
      }
      console.log(
        report.ok
          ? `migrate-data ok: ${report.tables.reduce((n, t) => n + t.target, 0)} rows; ledger ok (${report.ledger.users} users, ${report.ledger.entries} entries)`
          : "migrate-data FAILED: see the mismatches above",
      );
      return report.ok ? 0 : 1;
    }
    case "migrate-files": {
      const r = await migrateFiles((line) => console.error(line));
      console.log(JSON.stringify(r));
      return r.failed ? 1 : 0;
    }
    case "rotate-relay-keys": {
      const r = await rotateRelayKeys();
      for (const name of r.resealed) console.log(`resealed\t${name}`);
      for (const name of r.alreadyCurrent) console.log(`current\t${name}`);
      for (const u of r.unreadable) console.error(`UNREADABLE\t${u.name}\t${u.why}`);
      console.log(
        `rotate-relay-keys: ${r.resealed.length} resealed, ${r.alreadyCurrent.length} already current, ${r.unreadable.length} unreadable`,
      );
      return r.unreadable.length ? 1 : 0;
    }
    case "reconcile": {
      const report = await reconcile({ upstreamId: values.upstream });
      console.log(values.json ? JSON.stringify(report) : formatReport(report));
      const reported = report.upstreams.some((u) => u.error || u.findings.some((f) => f.outcome === "reported"));
      return reported ? 1 : 0;
    }
    default:
      console.error(command ? `Unknown command: ${command}\n\n${USAGE}` : USAGE);
      return 2;
  }
}

main(process.argv.slice(2))
  .then((code) => (process.exitCode = code))
  .catch((error) => {
    if (error instanceof z.ZodError)
      console.error(`error: ${error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`);
    else if (error instanceof AppError || (error as Error)?.name === "TypeError")
      console.error(`error: ${(error as Error).message}`);
    else console.error(error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
