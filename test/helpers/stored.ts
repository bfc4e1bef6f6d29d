// What a test server has stored under a DATA_DIR-relative folder, wherever it keeps files: its
// DATA_DIR on disk (local storage) or its bucket (TEST_STORAGE=s3).
import fs from "node:fs";
import path from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { TestServer } from "./server";

/** Paths under `folder` (relative to it), sorted; [] when there is nothing. */
export async function storedFiles(server: TestServer, dataDir: string, folder: string): Promise<string[]> {
  const prefix = `${folder.replace(/\/+$/, "")}/`;
  if (!server.s3) {
    const root = path.join(dataDir, folder);
    const entries = fs.existsSync(root) ? fs.readdirSync(root, { recursive: true, withFileTypes: true }) : [];
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
      .sort();
  }
  const e = server.s3;
  const client = bucketClient(e);
  try {
    const out = await client.send(new ListObjectsV2Command({ Bucket: e.S3_BUCKET, Prefix: prefix }));
    return (out.Contents ?? []).map((o) => o.Key!.slice(prefix.length)).sort();
  } finally {
    client.destroy();
  }
}

function bucketClient(e: Record<string, string>) {
  return new S3Client({
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY },
  });
}

/** The stored file `rel` (a DATA_DIR-relative key) as text, from disk or the bucket; null when absent. */
export async function storedText(server: TestServer, dataDir: string, rel: string): Promise<string | null> {
  if (!server.s3) {
    const abs = path.join(dataDir, rel);
    return fs.existsSync(abs) ? fs.readFileSync(abs, "utf8") : null;
  }
  const e = server.s3;
  const client = bucketClient(e);
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: e.S3_BUCKET, Key: rel }));
    return (await out.Body?.transformToString("utf8")) ?? null;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
    throw error;
  } finally {
    client.destroy();
  }
}

/** Puts `body` under `rel` in the bucket of a server's STORAGE=s3 settings, as `persist` would. */
export async function putStored(s3: Record<string, string>, rel: string, body: string | Buffer): Promise<void> {
  const client = bucketClient(s3);
  try {
    await client.send(new PutObjectCommand({ Bucket: s3.S3_BUCKET, Key: rel, Body: body }));
  } finally {
    client.destroy();
  }
}
