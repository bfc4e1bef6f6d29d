"use client";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { BRAND_CLASS, BrandMark } from "@/components/brand";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { LocaleSwitch } from "./locale-switch";
import { NavLinks } from "./nav-links";
import { TeamSwitcher } from "./team-switcher";
import type { ShellTeam, ShellUser } from "./types";

// next-auth's client (with its logger, broadcast and polyfills) loads only when someone signs out.
const signOutToSignIn = async () => (await import("next-auth/react")).signOut({ callbackUrl: "/signin" });

export function AppShell({ user, teams, children }: { user: ShellUser; teams: ShellTeam[]; children: ReactNode }) {
  const t = useTranslations("shell");
  const tAccount = useTranslations("credits.account");
  const [menuOpen, setMenuOpen] = useState(false);
  const isAdmin = user.role === "admin";

  return (
    <div className="min-h-screen lg:flex">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        {t("skipToContent")}
      </a>

      <header className="sticky top-0 z-20 flex items-center justify-between border-b border-zinc-200 bg-white px-4 py-3 lg:hidden">
        <Link href="/dashboard" className={BRAND_CLASS}>
          <BrandMark />
        </Link>
        <Button
          variant="secondary"
          size="sm"
          aria-expanded={menuOpen}
          aria-controls="sidebar"
          onClick={() => setMenuOpen((o) => !o)}
        >
          {menuOpen ? t("closeMenu") : t("menu")}
        </Button>
      </header>

      <aside
        id="sidebar"
        aria-label={t("sidebar")}
        className={cx(
          "flex-col gap-6 border-zinc-200 bg-white px-4 py-5 lg:sticky lg:top-0 lg:flex lg:h-screen lg:w-64 lg:shrink-0 lg:border-r",
          menuOpen ? "flex border-b" : "hidden",
        )}
      >
        <div className="hidden lg:block">
          <Link href="/dashboard" className={BRAND_CLASS}>
            <BrandMark />
          </Link>
        </div>
        <TeamSwitcher current={user.team} teams={teams} />
        <div className="flex-1 overflow-y-auto">
          <NavLinks isAdmin={isAdmin} onNavigate={() => setMenuOpen(false)} />
        </div>
        <div className="space-y-3 border-t border-zinc-100 pt-4">
          <LocaleSwitch />
          <div className="min-w-0">
            <p className="truncate text-sm font-medium text-zinc-900" title={user.email} data-testid="user-email">
              {user.email}
            </p>
            <p className="mt-0.5 flex items-center gap-1.5 text-xs text-zinc-500">
              {user.name}
              {isAdmin && <Badge tone="accent">{t("adminRole")}</Badge>}
            </p>
            <Link
              href="/account"
              onClick={() => setMenuOpen(false)}
              className="mt-1 inline-block text-xs font-medium text-accent-700 hover:underline"
            >
              {tAccount("link")}
            </Link>
          </div>
          <Button variant="secondary" size="sm" className="w-full" onClick={signOutToSignIn}>
            {t("signOut")}
          </Button>
        </div>
      </aside>

      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 sm:px-8 sm:py-10">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
