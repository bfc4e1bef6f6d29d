"use client";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/cx";

type Item = { href: string; label: string };

function NavList({ items }: { items: Item[] }) {
  const pathname = usePathname();
  const matches = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  // The most specific match wins: on /orders/new, "New order" is current, not "Orders".
  const current = items.filter((item) => matches(item.href)).sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <ul className="space-y-0.5">
      {items.map((item) => {
        const active = item === current;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cx(
                "flex items-center rounded-md px-3 py-2 text-sm font-medium transition-colors",
                active ? "bg-accent-50 text-accent-700" : "text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900",
              )}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

// On a phone, following a link closes the menu (ShellMenu listens for clicks on links).
export function NavLinks({ isAdmin }: { isAdmin: boolean }) {
  const t = useTranslations("nav");
  const tFiles = useTranslations("files");
  return (
    <nav aria-label={t("label")} className="space-y-6">
      <NavList
        items={[
          { href: "/dashboard", label: t("dashboard") },
          { href: "/credits", label: t("credits") },
          { href: "/orders/new", label: t("newOrder") },
          { href: "/orders", label: t("orders") },
          { href: "/files", label: tFiles("navLabel") },
          { href: "/drafts", label: t("drafts") },
          { href: "/studio", label: t("studio") },
          { href: "/short-video", label: t("shortVideo") },
          { href: "/music", label: t("music") },
          { href: "/team", label: t("team") },
          { href: "/keys", label: t("keys") },
          { href: "/docs/api", label: t("apiDocs") },
        ]}
      />
      {isAdmin && (
        <div>
          <p className="px-3 pb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{t("admin")}</p>
          <NavList
            items={[
              { href: "/admin/users", label: t("users") },
              { href: "/admin/ledger", label: t("ledger") },
              { href: "/admin/usage", label: t("usage") },
              { href: "/admin/prices", label: t("prices") },
              { href: "/admin/settings", label: t("settings") },
              { href: "/admin/engines", label: t("engines") },
            ]}
          />
        </div>
      )}
    </nav>
  );
}
