/** The brand mark and name; `Brand` wraps them in a plain link (the sign-in pages load no next/link,
 * which a server component's import alone would ship: scripts/check-bundle.mjs), the app shell in a
 * next/link with BRAND_CLASS. */
export const BRAND_CLASS = "inline-flex items-center gap-2 rounded-md font-semibold tracking-tight text-zinc-900";

export function BrandMark() {
  return (
    <>
      <span aria-hidden className="grid size-7 place-items-center rounded-md bg-accent-600 text-white">
        <svg viewBox="0 0 16 16" className="size-4" fill="currentColor">
          <rect x="2" y="6" width="2" height="4" rx="1" />
          <rect x="5.5" y="3" width="2" height="10" rx="1" />
          <rect x="9" y="5" width="2" height="6" rx="1" />
          <rect x="12.5" y="7" width="2" height="2" rx="1" />
        </svg>
      </span>
      Mixdesk
    </>
  );
}

export function Brand({ href = "/" }: { href?: string }) {
  return (
    <a href={href} className={BRAND_CLASS}>
      <BrandMark />
    </a>
  );
}
