// STORAGE=s3: stored files are objects in one S3-compatible bucket (MinIO, AWS S3, Garage, …),
// keyed by their DATA_DIR-relative path. Uploads stream through multipart upload (lib-storage:
// 8 MiB parts, a few in flight, never the whole file in memory); downloads are presigned GETs.
import "server-only";
import fs from "node:fs";
import type { Readable } from "node:stream";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { Env } from "@/lib/env";
import { StorageUnavailableError } from "@/lib/errors";
import { contentDisposition } from "@/lib/orders/download-name";
import { contentTypeOf } from "@/lib/storage/content-type";
import { URL_TTL_SECONDS } from "@/lib/storage/files";
import type { Store } from "@/lib/storage/store";

const PART_BYTES = 8 * 1024 * 1024;
/** SigV4 presigned URLs cannot live longer than 7 days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

const notFound = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.$metadata.httpStatusCode === 404 || error.name === "NoSuchKey" || error.name === "NotFound");

/**
 * The bucket did not answer (connection refused or reset, a timeout, a 5xx after the SDK's own
 * retries): callers see a retryable StorageUnavailableError (503) instead of a bare 500. A 4xx
 * (wrong keys, no such bucket) is a configuration fault and stays as it is.
 */
function unavailable(error: unknown): unknown {
  if (error instanceof StorageUnavailableError) return error;
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode ?? 0;
    return status >= 500 ? new StorageUnavailableError(error) : error;
  }
  const code = (error as { code?: unknown; name?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  if (
    (typeof code === "string" &&
      /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ENOTFOUND)$/.test(code)) ||
    name === "TimeoutError" ||
    (error instanceof AggregateError && error.errors.some((e) => unavailable(e) instanceof StorageUnavailableError))
  )
    return new StorageUnavailableError(error);
  return error;
}

async function guarded<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw unavailable(error);
  }
}

/** Keys are DATA_DIR-relative paths; anything that could name another folder is refused. */
function checkKey(key: string): string {
  if (!key || key.startsWith("/") || key.split("/").some((p) => p === ".." || p === "." || p === ""))
    throw new Error(`Not a storage key: ${key}`);
  return key;
}

export function createS3Store(e: Env): Store {
  const { S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY } = e;
  if (!S3_BUCKET || !S3_ACCESS_KEY_ID || !S3_SECRET_ACCESS_KEY)
    throw new Error("STORAGE=s3 needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY");
  const client = new S3Client({
    endpoint: S3_ENDPOINT,
    region: e.S3_REGION,
    forcePathStyle: e.S3_FORCE_PATH_STYLE === "true",
    credentials: { accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET_ACCESS_KEY },
    // Newer SDKs add CRC checksums to every PutObject/UploadPart; not every S3-compatible server
    // knows them, and the transfer is already checked by TCP/TLS and Content-MD5-free multipart.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = S3_BUCKET;

  const upload = async (key: string, body: Readable) => {
    await guarded(
      new Upload({
        client,
        params: { Bucket, Key: checkKey(key), Body: body, ContentType: contentTypeOf(key) },
        partSize: PART_BYTES,
        queueSize: 2,
        leavePartsOnError: false,
      }).done(),
    );
  };

  return {
    kind: "s3",
    putFile: (key, abs) => upload(key, fs.createReadStream(abs)),
    putStream: upload,
    async getStream(key, range) {
      try {
        const out = await client.send(
          new GetObjectCommand({
            Bucket,
            Key: checkKey(key),
            Range: range ? `bytes=${range.start}-${range.end}` : undefined,
          }),
        );
        return out.Body as Readable;
      } catch (error) {
        if (notFound(error)) return null;
        throw unavailable(error);
      }
    },
    async stat(key) {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket, Key: checkKey(key) }));
        return { key, size: out.ContentLength ?? 0, modified: out.LastModified ?? new Date(0) };
      } catch (error) {
        if (notFound(error)) return null;
        throw unavailable(error);
      }
    },
    async delete(keys) {
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000).map((Key) => ({ Key: checkKey(Key) }));
        const out = await guarded(
          client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: batch, Quiet: true } })),
        );
        const failed = (out.Errors ?? []).filter((err) => err.Code !== "NoSuchKey");
        if (failed.length)
          throw new Error(`S3 refused to delete ${failed[0].Key}: ${failed[0].Code} ${failed[0].Message}`);
      }
    },
    async *list(prefix) {
      let ContinuationToken: string | undefined;
      do {
        const page = await guarded(
          client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken })),
        );
        for (const o of page.Contents ?? [])
          if (o.Key) yield { key: o.Key, size: o.Size ?? 0, modified: o.LastModified ?? new Date(0) };
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
    async downloadUrl(key, opts = {}) {
      const name = opts.filename ?? key.split("/").pop() ?? "download";
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket,
          Key: checkKey(key),
          ResponseContentDisposition: contentDisposition(name, opts.disposition ?? "inline"),
          ResponseContentType: contentTypeOf(key),
        }),
        { expiresIn: Math.min(opts.ttl ?? URL_TTL_SECONDS, MAX_PRESIGN_SECONDS) },
      );
    },
  };
}
