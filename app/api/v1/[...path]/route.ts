// Anything else under /api/v1: the Music API's code 404 (wrong method or path), in its envelope.
import { musicNotFound } from "@/lib/http/dialects";

export {
  musicNotFound as GET,
  musicNotFound as POST,
  musicNotFound as PUT,
  musicNotFound as PATCH,
  musicNotFound as DELETE,
};
