// GET /api/files/<path>?exp=…&sig=… – a stored file behind a signed, expiring URL (Range supported).
import { createRoute } from "@/lib/http/route";
import { serveSignedFile } from "@/lib/storage/serve";

export const GET = createRoute({ auth: "public", handler: ({ req }) => serveSignedFile(req) });
