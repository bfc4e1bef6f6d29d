// GET /api/health – liveness plus a database round trip.
import { db, dbProvider } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    await db.user.count();
    return Response.json({ ok: true, database: dbProvider() });
  } catch (error) {
    console.error("[health] database check failed", error);
    return Response.json({ ok: false, database: dbProvider() }, { status: 503 });
  }
}
