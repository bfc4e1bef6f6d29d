// Runs in the browser before the app's own code. Zod compiles object parsers with `new Function`
// unless jitless, and probes for that when the first schema is built; under the page CSP (no
// 'unsafe-eval', see lib/http/csp.ts) the probe is reported as a violation even though zod catches
// it. Client-side forms are small, so the interpreted parser costs nothing a user would notice.
// zod keeps its global config on `globalThis.__zod_globalConfig` and adopts an object already
// there, so this sets jitless without importing zod: pages that never parse (most of them) do not
// load it. components/forms/zod-config.test.ts fails if a zod upgrade stops reading it.
const g = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
g.__zod_globalConfig ??= {};
g.__zod_globalConfig.jitless = true;

export {};
