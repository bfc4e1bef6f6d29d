// Which local process holds the client end of a loopback TCP connection (Linux /proc): lets a
// loopback server (or PostgreSQL's pg_stat_activity.client_port) tell which worker process is
// talking to it, without any hook in the code under test.
import fs from "node:fs";

/** The socket inode of the IPv4/IPv6 connection whose local port is `clientPort` and remote port `serverPort`. */
function inodeOf(clientPort: number, serverPort: number): string | null {
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = fs.readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const local = Number.parseInt(f[1].split(":").at(-1)!, 16);
      const remote = Number.parseInt(f[2].split(":").at(-1)!, 16);
      if (local === clientPort && remote === serverPort) return f[9];
    }
  }
  return null;
}

/** The pid among `candidates` that holds that connection's client end, or null. */
export function socketOwner(clientPort: number, serverPort: number, candidates: number[]): number | null {
  const inode = inodeOf(clientPort, serverPort);
  if (!inode || inode === "0") return null;
  const want = `socket:[${inode}]`;
  for (const pid of candidates) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === want) return pid;
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return null;
}
