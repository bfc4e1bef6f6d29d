// next-auth (v4) configuration: email + password, JWT cookie. Each sign-in is an AuthSession row
// whose id rides in the token, so sign-out and disabling a user end the session server-side.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { signInSchema } from "@/lib/contracts/account";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { issueKnownDevice, knownDeviceCookie, knownDeviceCookieName, knownDeviceId } from "@/lib/auth/known-device";
import {
  recordFailedSignIn,
  recordSuccessfulSignIn,
  refundSignIn,
  spendSignInAttempt,
  type SignInAttempt,
} from "@/lib/auth/rate-limit";
import { secureCookiesEnabled } from "@/lib/auth/secure-cookies";
import { clientAddress } from "@/lib/http/client-address";

export const WRONG_CREDENTIALS = "Incorrect email or password";
export const ACCOUNT_DISABLED = "This account is disabled";

export function authOptions(): NextAuthOptions {
  const e = env();
  const maxAge = e.SESSION_MAX_AGE_DAYS * 86_400;
  return {
    secret: e.AUTH_SECRET,
    // Behind a TLS-terminating proxy the app sees plain HTTP; the public URL says what browsers use.
    useSecureCookies: secureCookiesEnabled(),
    session: { strategy: "jwt", maxAge },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const parsed = signInSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error(WRONG_CREDENTIALS);
          const { email, password } = parsed.data;
          const user = await db.user.findUnique({ where: { email } });
          const deviceId = user
            ? knownDeviceId((await cookies()).get(knownDeviceCookieName())?.value, user.id)
            : undefined;
          const attempt: SignInAttempt = { email, address: clientAddress(req?.headers), deviceId };
          // The attempt is paid for before the slow password check, so parallel guesses cannot all
          // get past the limit together.
          const spent = await spendSignInAttempt(attempt);
          if ("waitMinutes" in spent) {
            const wait = spent.waitMinutes;
            throw new Error(`Too many sign-in attempts. Try again in ${wait} minute${wait === 1 ? "" : "s"}.`);
          }

          const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
          if (!user || !ok) {
            await recordFailedSignIn(spent.ticket);
            throw new Error(WRONG_CREDENTIALS);
          }
          if (user.disabled) {
            await refundSignIn(spent.ticket);
            throw new Error(ACCOUNT_DISABLED);
          }
          await recordSuccessfulSignIn(spent.ticket);
          // Route handler context: Next adds this cookie to next-auth's response.
          (await cookies()).set(knownDeviceCookie(issueKnownDevice(user.id, deviceId)));
          const session = await db.authSession.create({
            data: { userId: user.id, expiresAt: new Date(Date.now() + maxAge * 1000) },
          });
          await db.user.update({ where: { id: user.id }, data: { lastActiveAt: new Date() } });
          return { id: user.id, email: user.email, name: user.name, sid: session.id };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sid = (user as { sid?: string }).sid;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: token.sub, sid: token.sid } as typeof session;
      },
    },
    events: {
      async signOut({ token }) {
        const sid = (token as { sid?: string } | null)?.sid;
        if (sid)
          await db.authSession.updateMany({ where: { id: sid, revokedAt: null }, data: { revokedAt: new Date() } });
      },
    },
  };
}
