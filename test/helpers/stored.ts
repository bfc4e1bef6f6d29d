// What a test server has stored under a DATA_DIR-relative folder, wherever it keeps files: its
// DATA_DIR on disk (local storage) or its bucket (TEST_STORAGE=s3).
import fs from "node:fs";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
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
  const client = new S3Client({
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY },
  });
  try {
    const out = await client.send(new ListObjectsV2Command({ Bucket: e.S3_BUCKET, Prefix: prefix }));
    return (out.Contents ?? []).map((o) => o.Key!.slice(prefix.length)).sort();
  } finally {
    client.destroy();
  }
}
