// Writes prisma/postgres/schema.prisma from prisma/schema.prisma (provider and client output are
// the only differences). `--check` exits 1 when the committed copy is stale.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const source = path.join(root, "prisma/schema.prisma");
const target = path.join(root, "prisma/postgres/schema.prisma");

export function postgresSchemaFrom(sqlite: string): string {
  const out = sqlite
    .replace(
      /^\/\/ Mixdesk data model \(SQLite.*\n(\/\/.*\n)*/m,
      "// GENERATED from prisma/schema.prisma by `npm run db:sync-postgres`. Do not edit.\n",
    )
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('url      = "file:./unused.db"', 'url      = "postgresql://unused"')
    .replace('output     = "../lib/generated/prisma-sqlite"', 'output     = "../../lib/generated/prisma-postgres"');
  if (out === sqlite || !out.includes('"postgresql"') || !out.includes("prisma-postgres")) {
    throw new Error("prisma/schema.prisma no longer has the lines this script rewrites");
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const wanted = postgresSchemaFrom(fs.readFileSync(source, "utf8"));
  const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
  if (process.argv.includes("--check")) {
    if (wanted !== current) {
      console.error("prisma/postgres/schema.prisma is out of date: run `npm run db:sync-postgres`");
      process.exit(1);
    }
    console.log("prisma/postgres/schema.prisma is in step with prisma/schema.prisma");
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, wanted);
    console.log("wrote prisma/postgres/schema.prisma");
  }
}
