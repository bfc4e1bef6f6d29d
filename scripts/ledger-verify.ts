// `npm run ledger:verify`: recompute every balance from the ledger; exit 1 on any mismatch.
import { verifyLedger } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { resolveDatabaseUrl } from "@/lib/db-url";
import { env } from "@/lib/env";

const target = resolveDatabaseUrl(env().DATABASE_URL);
verifyLedger()
  .then(({ users, entries, mismatches }) => {
    const where = target.provider === "sqlite" ? target.file : target.url.replace(/\/\/[^@]*@/, "//");
    if (mismatches.length === 0) {
      console.log(`ledger ok: ${users} users, ${entries} entries (${where})`);
      return;
    }
    for (const m of mismatches) {
      console.error(`MISMATCH ${m.email} ${m.field}: stored ${m.stored}, ledger says ${m.fromLedger}`);
    }
    console.error(`ledger verification FAILED: ${mismatches.length} mismatches (${where})`);
    process.exitCode = 1;
  })
  .catch((error) => {
    console.error("ledger verification could not run:", error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
