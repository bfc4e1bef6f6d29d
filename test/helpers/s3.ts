// An S3-compatible server for tests: TEST_S3_ENDPOINT when the run provides one (MinIO in the
// compose stack, say), else s3rver (a Node S3 server on a temp dir) started in this process on a
// random loopback port. Each call makes a fresh bucket, so test files never see each other's objects.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";

export type TestBucket = {
  /** The STORAGE=s3 environment for a server or for vi.stubEnv. */
  env: Record<string, string>;
  bucket: string;
  stop(): Promise<void>;
};

// s3rver accepts any signature from a known key id; these are its defaults.
const FAKE_KEY = "S3RVER";

type Running = { endpoint: string; close(): Promise<void>; refs: number };
let running: Running | undefined;

async function server(): Promise<Running> {
  if (running) return running;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-s3-"));
  const { default: S3rver } = await import("s3rver");
  const s3rver = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir });
  const { port } = (await s3rver.run()) as { port: number };
  running = {
    endpoint: `http://127.0.0.1:${port}`,
    refs: 0,
    close: async () => {
      await s3rver.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return running;
}

export async function testBucket(): Promise<TestBucket> {
  const given = process.env.TEST_S3_ENDPOINT;
  const srv = given ? undefined : await server();
  const endpoint = given ?? srv!.endpoint;
  const accessKeyId = given ? (process.env.TEST_S3_ACCESS_KEY_ID ?? "minioadmin") : FAKE_KEY;
  const secretAccessKey = given ? (process.env.TEST_S3_SECRET_ACCESS_KEY ?? "minioadmin") : FAKE_KEY;
  const bucket = `test-${randomUUID().slice(0, 13)}`;
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  if (srv) srv.refs++;
  return {
    bucket,
    env: {
      STORAGE: "s3",
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secretAccessKey,
      S3_FORCE_PATH_STYLE: "true",
    },
    stop: async () => {
      if (!srv) return;
      if (--srv.refs === 0 && running === srv) {
        running = undefined;
        await srv.close();
      }
    },
  };
}

export type StoppableS3 = TestBucket & {
  /** Closes the S3 server (its port refuses connections); its objects stay on disk. */
  down(): Promise<void>;
  /** Starts it again on the same port and directory. */
  up(): Promise<void>;
};

/** An s3rver of the caller's own with one bucket, for tests of what happens while S3 is down. */
export async function stoppableBucket(): Promise<StoppableS3> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-s3-down-"));
  const { default: S3rver } = await import("s3rver");
  let port = 0;
  let current: InstanceType<typeof S3rver> | undefined;
  const up = async () => {
    current = new S3rver({ address: "127.0.0.1", port, silent: true, directory: dir });
    port = ((await current.run()) as { port: number }).port;
  };
  const down = async () => {
    await current?.close();
    current = undefined;
  };
  await up();
  const endpoint = `http://127.0.0.1:${port}`;
  const bucket = `test-${randomUUID().slice(0, 13)}`;
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: FAKE_KEY, secretAccessKey: FAKE_KEY },
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return {
    bucket,
    env: {
      STORAGE: "s3",
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: FAKE_KEY,
      S3_SECRET_ACCESS_KEY: FAKE_KEY,
      S3_FORCE_PATH_STYLE: "true",
    },
    up,
    down,
    stop: async () => {
      await down();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
