// Liveness plus one database round trip, for /api/health.
import "server-only";
import { db, dbProvider } from "@/lib/db";

export async function healthReport(): Promise<{ ok: boolean; database: "sqlite" | "postgres" }> {
  try {
    await db.user.count();
    return { ok: true, database: dbProvider() };
  } catch (error) {
    console.error("[health] database check failed", error);
    return { ok: false, database: dbProvider() };
  }
}
