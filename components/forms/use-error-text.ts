"use client";
// Our schemas and API speak English; this shows an error in the user's language. A server error
// (ApiError) with a code of its own is translated by it (errors.codes.<code>, with its params);
// otherwise the English messages we know are mapped; otherwise an English page shows the message as
// it is and any other language the translation of the error's kind (bad_request, not_found…), so
// no English sentence from the server lands on a Chinese page. Strings (field messages, zod's own,
// already localised by z.config) pass through unless known.
import { useLocale, useTranslations } from "next-intl";
import { useCallback } from "react";
import { ApiError } from "@/components/data/api";
import { EMAIL_MAX, INVITE_MAX_USES, PASSWORD_MIN } from "@/lib/contracts/account-limits";

/** The codes every AppError kind gives when the thrower named no finer one (lib/errors.ts). */
const KIND_CODES = new Set([
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "gone",
  "rate_limited",
  "insufficient_credits",
  "payload_too_large",
  "unsupported_media_type",
  "upstream_failed",
  "storage_unavailable",
  "internal",
]);

/** Whether an error has a code finer than its kind, which then says more than its English detail. */
export const hasOwnCode = (error: unknown): error is ApiError =>
  error instanceof ApiError && !!error.code && !KIND_CODES.has(error.code);

const KNOWN = {
  "Enter a valid email address": "emailInvalid",
  [`Use at most ${EMAIL_MAX} characters`]: "emailTooLong",
  [`Use at least ${PASSWORD_MIN} characters`]: "passwordTooShort",
  "Use at most 200 characters": "passwordTooLong",
  "Mix letters with digits or symbols": "passwordMix",
  "Enter your name": "nameRequired",
  "Enter your password": "passwordRequired",
  "Give the key a name": "keyNameRequired",
  "Expiry must be an ISO date-time": "expiryInvalid",
  "Expiry must be in the future": "expiryFuture",
  "Give the team a name": "teamNameRequired",
  "Amount must be a whole number of credits": "amountInteger",
  "Amount cannot be zero": "amountZero",
  "Amount is too large": "amountTooLarge",
  "Say why": "reasonRequired",
  "An account with this email already exists": "emailTaken",
  "Incorrect email or password": "badCredentials",
  CredentialsSignin: "badCredentials",
  "This account is disabled": "accountDisabled",
  "This invite link has expired": "inviteExpired",
  "This invite link is not valid": "inviteInvalid",
  "This invite link has already been used": "inviteUsedUp",
  "A team needs at least one owner": "lastOwner",
  "Only the team's owners can manage invites and members": "ownersOnly",
  "That person is not a member of this team": "memberNotFound",
  "Enter a whole number": "wholeNumber",
  "Must be at least 1": "atLeastOne",
  [`Must be at most ${INVITE_MAX_USES}`]: "maxUsesTooMany",
  "Cannot deduct more than the available balance": "deductTooMuch",
  "pathKey is required": "pathKeyRequired",
  "pathKey must be an http(s) link or an uploaded file (upload:<id>)": "pathKeyInvalid",
  "orderType is required": "orderTypeRequired",
  "Not enough credits to hold": "notEnoughToHold",
  "ErrorCode.USER_BLANCE_NOT_ENOUGH": "balanceNotEnough",
  "Order not found": "orderNotFound",
  "The uploaded file is empty": "uploadEmpty",
  "The uploaded file no longer exists": "uploadMissing",
  "pathKey refers to an upload that does not exist": "uploadMissing",
  "Upload failed": "uploadFailed",
  "The file has no audio track": "noAudio",
  "Must be 0 or more": "mustBeNonNegative",
} as const;

type KnownKey = (typeof KNOWN)[keyof typeof KNOWN];

/** The translator of the "errors" namespace, as useTranslations("errors") or createTranslator give it. */
type ErrorsT = {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
};

/** An error in the user's language (see the top of this file); pure, so it is unit-tested. */
export function errorMessage(t: ErrorsT, locale: string, error: string | Error | null | undefined) {
  if (!error) return undefined;
  const code = error instanceof ApiError ? error.code : undefined;
  const codeKey = code && `codes.${code}`;
  if (codeKey && hasOwnCode(error) && t.has(codeKey)) return t(codeKey, error.params);
  const message = typeof error === "string" ? error : error.message;
  const key = (KNOWN as Record<string, KnownKey>)[message];
  if (key) return t(key, { min: PASSWORD_MIN, max: INVITE_MAX_USES });
  const throttled = /^Too many sign-in attempts.*?(\d+) minutes?/.exec(message);
  if (throttled) return t("tooManyAttempts", { minutes: Number(throttled[1]) });
  const tooLarge = /^The file is larger than the (\d+) MB upload limit/.exec(message);
  if (tooLarge) return t("uploadTooLarge", { mb: Number(tooLarge[1]) });
  // An English page may show the server's English detail; any other gets the kind's translation.
  if (locale !== "en" && codeKey && t.has(codeKey)) return t(codeKey);
  return message;
}

export function useErrorText() {
  const t = useTranslations("errors") as unknown as ErrorsT;
  const locale = useLocale();
  return useCallback(
    (error: string | Error | null | undefined): string | undefined => errorMessage(t, locale, error),
    [t, locale],
  );
}
