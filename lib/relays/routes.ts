// Per-type routes: an ordered list of steps ("local" or "upstream:<id>") kept in the Setting table
// under route.<type>. Unset (or unreadable) means ["local"], so an install without relays behaves
// exactly as before.
import "server-only";
import { ROUTABLE_TYPES, type RoutableType, type RouteStep, routeSchema } from "@/lib/contracts/relays";
import { db } from "@/lib/db";

const settingKey = (t: RoutableType) => `route.${t}`;
const LOCAL: RouteStep[] = ["local"];

export async function readRoutes(): Promise<Record<RoutableType, RouteStep[]>> {
  const rows = await db.setting.findMany({ where: { key: { in: ROUTABLE_TYPES.map(settingKey) } } });
  const out = {} as Record<RoutableType, RouteStep[]>;
  for (const t of ROUTABLE_TYPES) {
    const row = rows.find((r) => r.key === settingKey(t));
    let value: unknown = null;
    try {
      value = row ? JSON.parse(row.value) : null;
    } catch {
      value = null; // a hand-edited bad value means the default
    }
    const parsed = routeSchema.safeParse(value);
    out[t] = parsed.success ? parsed.data : LOCAL;
  }
  return out;
}

export async function routeFor(type: RoutableType): Promise<RouteStep[]> {
  const row = await db.setting.findUnique({ where: { key: settingKey(type) } });
  if (!row) return LOCAL;
  try {
    const parsed = routeSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : LOCAL;
  } catch {
    return LOCAL;
  }
}

/** Writes routes as given (the caller has checked that every upstream step exists and can serve the type). */
export async function writeRoutes(actorId: string, routes: Partial<Record<RoutableType, RouteStep[]>>) {
  const entries = Object.entries(routes) as [RoutableType, RouteStep[]][];
  await db.$transaction(
    entries.map(([t, steps]) =>
      db.setting.upsert({
        where: { key: settingKey(t) },
        create: { key: settingKey(t), value: JSON.stringify(steps), updatedById: actorId },
        update: { value: JSON.stringify(steps), updatedById: actorId },
      }),
    ),
  );
}

export const upstreamIdOf = (step: RouteStep): string | null =>
  step.startsWith("upstream:") ? step.slice("upstream:".length) : null;
