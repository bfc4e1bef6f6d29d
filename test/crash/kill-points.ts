// Where the crash suite's kills land: which stage of an order a worker process is in, seen from
// outside through the real parts it talks to, with no hook in the code under test.
// - fetching input: a loopback source trickles each input over TRICKLE_MS; it knows which process
//   is downloading (the connection's owner in /proc) and how far it got.
// - probing: the download has ended and the engine has not called out yet.
// - engine: the transcriber (loopback, OpenAI protocol) holds the victim's request for UPSTREAM_MS,
//   or a separation order shows the DSP engine's stage.
// - storing results / finishing: on PostgreSQL the test takes a SHARE lock on the OrderFile table
//   while the victim's transcription is out (heartbeats and progress writes go on); once the
//   transcriber answers, the worker writes its result files, then its finishing transaction marks
//   the order finished (uncommitted) and waits on the lock to record the files
//   (pg_stat_activity, client port → process): the kill lands inside that transaction, or right
//   after the answer for "storing results" (named "finishing" if the transaction had begun).
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { socketOwner } from "@/test/helpers/socket-owner";

export const STAGES = ["fetching input", "probing", "engine", "storing results", "finishing"] as const;
export type Stage = (typeof STAGES)[number];

export const TRICKLE_MS = 1500;
export const UPSTREAM_MS = 1500;

type Download = { startedAt: number; sent: number; total: number; endedAt: number | null };
type Call = { at: number; answerAt: number; answered: boolean };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class KillPoints {
  readonly downloads = new Map<number, Download>();
  readonly calls = new Map<number, Call>();
  private server: http.Server | null = null;
  baseUrl = "";

  constructor(
    private readonly pids: () => number[],
    private readonly databaseUrl: string,
  ) {}

  get postgres() {
    return this.databaseUrl.startsWith("postgres");
  }

  /** The slow source: serves `file` in 20 pieces over TRICKLE_MS, noting who downloads it. */
  async serve(file: string) {
    const body = fs.readFileSync(file);
    this.server = http.createServer((req, res) => {
      const port = (this.server!.address() as AddressInfo).port;
      const pid = socketOwner(req.socket.remotePort ?? 0, port, this.pids());
      const d: Download = { startedAt: Date.now(), sent: 0, total: body.length, endedAt: null };
      if (pid) this.downloads.set(pid, d);
      res.writeHead(200, { "content-type": "audio/wav", "content-length": body.length });
      const pieces = 20;
      const size = Math.ceil(body.length / pieces);
      let i = 0;
      const next = () => {
        if (res.destroyed) return;
        const chunk = body.subarray(i * size, (i + 1) * size);
        i++;
        d.sent += chunk.length;
        if (i < pieces) {
          res.write(chunk);
          setTimeout(next, TRICKLE_MS / (pieces - 1));
        } else res.end(chunk, () => (d.endedAt = Date.now()));
      };
      next();
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** To be called from the fake transcriber's respond(): notes which process is waiting on it. */
  noteCall(remotePort: number, transcriberUrl: string) {
    const pid = socketOwner(remotePort, Number(new URL(transcriberUrl).port), this.pids());
    if (pid) this.calls.set(pid, { at: Date.now(), answerAt: Date.now() + UPSTREAM_MS, answered: false });
  }

  /** To be called from the fake transcriber's answered(): the victim's wait is over. */
  noteAnswer(remotePort: number, transcriberUrl: string) {
    const pid = socketOwner(remotePort, Number(new URL(transcriberUrl).port), this.pids());
    const call = pid ? this.calls.get(pid) : undefined;
    if (call) call.answered = true;
  }

  async close() {
    this.server?.closeAllConnections();
    await new Promise((r) => (this.server ? this.server.close(r) : r(null)));
  }

  /** Waits for `victim` to reach `target`, then calls `kill`; answers the stage it landed in. */
  async aim(
    target: Stage,
    victim: number,
    held: () => Promise<{ id: string; stage: string | null; progress: number } | null>,
    kill: () => Promise<void>,
    until: (ready: () => boolean | Promise<boolean>) => Promise<void>,
  ): Promise<string> {
    const since = Date.now();
    const download = () => this.downloads.get(victim);
    const call = () => this.calls.get(victim);
    const waiting = () => {
      const c = call();
      return !!c && !c.answered && c.answerAt > Date.now() + 150;
    };
    switch (target) {
      case "fetching input": {
        const share = 0.1 + Math.random() * 0.8;
        await until(() => {
          const d = download();
          return !!d && d.endedAt === null && d.sent >= share * d.total;
        });
        await kill();
        return target;
      }
      case "probing": {
        await until(() => (download()?.endedAt ?? 0) >= since);
        await sleep(Math.random() * 120);
        const ended = download()!.endedAt!;
        const called = (call()?.at ?? 0) >= ended;
        await kill();
        return called ? "engine" : target;
      }
      case "engine": {
        let separating = false;
        let lastLook = 0;
        await until(async () => {
          if (waiting()) return true;
          if (Date.now() - lastLook < 100) return false;
          lastLook = Date.now();
          const o = await held();
          separating = !!o && ["decode", "separate", "encode"].includes(o.stage ?? "") && o.progress < 0.9;
          return separating;
        });
        if (!separating) await sleep(Math.random() * (call()!.answerAt - Date.now() - 100));
        await kill();
        return target;
      }
      case "storing results":
      case "finishing": {
        await until(waiting);
        const c = call()!;
        const lock = this.postgres ? await this.lockFiles() : null;
        try {
          // A retried or abandoned request is never answered: the next call (or the time) moves on.
          await until(() => c.answered || call() !== c || Date.now() > c.answerAt + 5_000);
          if (target === "storing results") await sleep(Math.random() * 8);
          else if (lock) {
            // Bounded, so a missed sighting costs a mislabelled kill, not the run.
            const by = Date.now() + 10_000;
            await until(async () => Date.now() > by || (await this.finishingWaits(victim)));
          } else await sleep(Math.random() * 40);
          const inside = lock ? await this.finishingWaits(victim) : false;
          await kill();
          if (!lock) return `${target} (no row lock on SQLite: timed)`;
          return inside ? "finishing" : "storing results";
        } finally {
          await lock?.query("ROLLBACK").catch(() => undefined);
          await lock?.end().catch(() => undefined);
        }
      }
    }
  }

  /** Result files cannot be recorded until ROLLBACK; everything else goes on. */
  private async lockFiles(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: this.databaseUrl });
    await c.connect();
    await c.query("BEGIN");
    await c.query('LOCK TABLE "OrderFile" IN SHARE MODE');
    return c;
  }

  /** Whether `pid`'s finishing transaction waits on the lock to record the result files. */
  private async finishingWaits(pid: number): Promise<boolean> {
    const c = new pg.Client({ connectionString: this.databaseUrl });
    await c.connect();
    try {
      const { rows } = await c.query(
        `SELECT client_port FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()
            AND wait_event_type = 'Lock' AND xact_start < query_start AND query LIKE '%"OrderFile"%'`,
      );
      const port = Number(new URL(this.databaseUrl).port || 5432);
      return rows.some((r) => socketOwner(r.client_port, port, [pid]) === pid);
    } finally {
      await c.end();
    }
  }
}
