// The signed-in frame: skip link, sidebar (brand, team, navigation, language, the person, sign out)
// and the main column. Rendered on the server; the browser gets only the islands that need it:
// the phone menu (ShellMenu), the team switcher, the navigation's current-page mark, the language
// switch and sign out.
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ReactNode } from "react";
import { BRAND_CLASS, BrandMark } from "@/components/brand";
import { Badge } from "@/components/ui/badge";
import { LocaleSwitch } from "./locale-switch";
import { NavLinks } from "./nav-links";
import { ShellMenu } from "./shell-menu";
import { SignOutButton } from "./sign-out-button";
import { TeamSwitcher } from "./team-switcher";
import type { ShellTeam, ShellUser } from "./types";

export async function AppShell({
  user,
  teams,
  children,
}: {
  user: ShellUser;
  teams: ShellTeam[];
  children: ReactNode;
}) {
  const t = await getTranslations("shell");
  const tAccount = await getTranslations("credits.account");
  const isAdmin = user.role === "admin";

  return (
    <div className="min-h-screen lg:flex">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        {t("skipToContent")}
      </a>

      <ShellMenu
        labels={{ menu: t("menu"), closeMenu: t("closeMenu"), sidebar: t("sidebar") }}
        brand={
          <Link href="/dashboard" className={BRAND_CLASS}>
            <BrandMark />
          </Link>
        }
      >
        <div className="hidden lg:block">
          <Link href="/dashboard" className={BRAND_CLASS}>
            <BrandMark />
          </Link>
        </div>
        <TeamSwitcher current={user.team} teams={teams} />
        <div className="flex-1 overflow-y-auto">
          <NavLinks isAdmin={isAdmin} />
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
            <Link href="/account" className="mt-1 inline-block text-xs font-medium text-accent-700 hover:underline">
              {tAccount("link")}
            </Link>
          </div>
          <SignOutButton label={t("signOut")} />
        </div>
      </ShellMenu>

      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 sm:px-8 sm:py-10">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
