// compose.yaml cannot be started here (no Docker on this machine), so this checks what can be
// checked without it: the YAML parses (anchors and merge keys included), the deployment has its
// parts wired in order, and every variable it gives the app is one lib/env.ts reads, with a value
// lib/env.ts accepts.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseEnv } from "@/lib/env";
import { repoRoot } from "@/test/helpers/test-run";

type Service = {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: object;
};
const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), "utf8");
const compose = parse(read("compose.yaml"), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const app = ["web1", "web2", "worker1", "worker2"];

const schemaNames = [...read("lib/env.ts").matchAll(/^ {2}([A-Z][A-Z0-9_]+): z/gm)].map((m) => m[1]);

/** What compose makes of `${VAR:-default}` / `${VAR:?error}` when the operator sets only AUTH_SECRET. */
const interpolate = (v: string) =>
  v.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, op: string, arg: string) =>
    name === "AUTH_SECRET" ? "x".repeat(40) : op === "-" ? arg : "",
  );

describe("compose.yaml", () => {
  it("runs two web processes and two workers after the migration, with PostgreSQL, Redis and MinIO", () => {
    for (const name of ["postgres", "redis", "minio", "minio-init", "migrate", "proxy", ...app]) {
      expect(services[name], name).toBeDefined();
    }
    expect(services.migrate.command).toEqual(["npm", "run", "db:migrate"]);
    expect(services.migrate.depends_on?.postgres.condition).toBe("service_healthy");
    expect(services["minio-init"].image).toMatch(/^minio\/mc/);
    for (const name of app) {
      expect(services[name].build, name).toBe(".");
      expect(services[name].depends_on?.migrate.condition, name).toBe("service_completed_successfully");
      expect(services[name].depends_on?.["minio-init"].condition, name).toBe("service_completed_successfully");
    }
    for (const name of ["web1", "web2"]) {
      expect(services[name].environment?.JOBS_EMBEDDED).toBe("false");
      expect(services[name].healthcheck).toBeDefined();
    }
    for (const name of ["worker1", "worker2"]) expect(services[name].command).toEqual(["npm", "run", "worker"]);
    for (const name of ["postgres", "redis", "minio"]) expect(services[name].healthcheck, name).toBeDefined();
    // Every service another one waits for exists.
    for (const [name, s] of Object.entries(services)) {
      for (const dep of Object.keys(s.depends_on ?? {})) expect(services[dep], `${name} → ${dep}`).toBeDefined();
    }
  });

  it("gives the app only variables lib/env.ts knows, with values it accepts", () => {
    for (const name of [...app, "migrate"]) {
      const env = services[name].environment ?? {};
      const unknown = Object.keys(env).filter((k) => !schemaNames.includes(k));
      expect(unknown, name).toEqual([]);
      const values = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(String(v))]));
      const parsed = parseEnv(values);
      expect(parsed.DATABASE_URL).toMatch(/^postgresql:\/\/mixdesk:mixdesk@postgres:5432\/mixdesk$/);
      expect(parsed.REDIS_URL).toBe("redis://redis:6379");
      expect(values.STORAGE).toBe("s3");
      expect(values.S3_ENDPOINT).toBe("http://minio:9000");
    }
  });

  it("balances over both web processes, and the image is the one the README describes", () => {
    const caddy = read("deploy/Caddyfile");
    expect(caddy).toMatch(/reverse_proxy web1:3000 web2:3000/);
    const docker = read("Dockerfile");
    expect(docker).toMatch(/^FROM node:20-bookworm-slim/m);
    expect(docker).toMatch(/apt-get install[^\n]*\n?[^\n]*ffmpeg/);
    expect(docker).toMatch(/npm ci/);
    expect(docker).toMatch(/npm run db:generate/);
    expect(docker).toMatch(/next build/);
  });
});
