import Link from "next/link";

/** `plain`: an ordinary link, for the sign-in pages, which load no next/link (their JS budget). */
export function Brand({ href = "/", plain = false }: { href?: string; plain?: boolean }) {
  const Anchor = plain ? "a" : Link;
  return (
    <Anchor
      href={href}
      className="inline-flex items-center gap-2 rounded-md font-semibold tracking-tight text-zinc-900"
    >
      <span aria-hidden className="grid size-7 place-items-center rounded-md bg-accent-600 text-white">
        <svg viewBox="0 0 16 16" className="size-4" fill="currentColor">
          <rect x="2" y="6" width="2" height="4" rx="1" />
          <rect x="5.5" y="3" width="2" height="10" rx="1" />
          <rect x="9" y="5" width="2" height="6" rx="1" />
          <rect x="12.5" y="7" width="2" height="2" rx="1" />
        </svg>
      </span>
      Mixdesk
    </Anchor>
  );
}
