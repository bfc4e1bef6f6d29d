// Makes a finished extract-text order for a user of the e2e server, the way the embedded-subtitle
// engine finishes one, until that engine is merged: the video becomes the user's upload and the
// transcript its four result files. `tsx --conditions=react-server e2e/seed-text-order.ts <email>
// <video> <segments.json>` with DATABASE_URL and DATA_DIR of the e2e server; prints {orderNo}.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { seedTextOrder } from "@/test/helpers/text-order";

async function main() {
  const [email, video, segmentsFile] = process.argv.slice(2);
  const dataDir = path.resolve(process.env.DATA_DIR ?? "");
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const teamId = user.currentTeamId ?? (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
  const id = randomUUID().replace(/-/g, "");
  fs.mkdirSync(path.join(dataDir, "uploads"), { recursive: true });
  fs.copyFileSync(video, path.join(dataDir, "uploads", id));
  await db.upload.create({
    data: {
      id,
      userId: user.id,
      teamId,
      filename: path.basename(video),
      path: `uploads/${id}`,
      bytes: fs.statSync(video).size,
    },
  });
  const segments = JSON.parse(fs.readFileSync(segmentsFile, "utf8"));
  const { orderNo } = await seedTextOrder(db, {
    userId: user.id,
    teamId,
    dataDir,
    pathKey: `upload:${id}`,
    durationSec: 6,
    segments,
  });
  process.stdout.write(JSON.stringify({ orderNo }));
  await db.$disconnect();
}

void main();
