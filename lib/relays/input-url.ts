// What an upstream fetches: the order's own link, or a signed Mixdesk download link of the upload
// (PUBLIC_BASE_URL must then be reachable from the upstream).
import "server-only";
import { UPLOAD_PREFIX } from "@/lib/contracts/orders";
import { db } from "@/lib/db";
import { signedFileUrl } from "@/lib/storage/files";
import { UpstreamError } from "@/lib/relays/types";

export type RelayOrder = { id: string; orderNo: string; type: string; pathKey: string; teamId: string };

/** Long enough for an upstream's queue; the link names one file and expires. */
const UPLOAD_LINK_TTL_SECONDS = 6 * 3600;

export async function inputUrlOf(order: RelayOrder): Promise<string> {
  if (!order.pathKey.startsWith(UPLOAD_PREFIX)) return order.pathKey;
  const upload = await db.upload.findFirst({
    where: { id: order.pathKey.slice(UPLOAD_PREFIX.length), teamId: order.teamId },
  });
  // process-order already failed the order if the upload were gone; this is a race with a delete.
  if (!upload) throw new UpstreamError("bad_request", "The uploaded file no longer exists");
  return signedFileUrl(upload.path, UPLOAD_LINK_TTL_SECONDS);
}
