// Runs in the browser before the app's own code. Zod compiles object parsers with `new Function`
// unless jitless, and probes for that when the first schema is built; under the page CSP (no
// 'unsafe-eval', see lib/http/csp.ts) the probe is reported as a violation even though zod catches
// it. Client-side forms are small, so the interpreted parser costs nothing a user would notice.
import { z } from "zod";

z.config({ jitless: true });
