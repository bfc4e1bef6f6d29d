"use client";
// Our schemas and API speak English; this maps the messages we know to the user's language and
// passes anything else (zod's own messages are already localised by z.config) through unchanged.
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { EMAIL_MAX, INVITE_MAX_USES, PASSWORD_MIN } from "@/lib/contracts/account-limits";

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

export function useErrorText() {
  const t = useTranslations("errors");
  return useCallback(
    (message: string | undefined): string | undefined => {
      if (!message) return message;
      const key = (KNOWN as Record<string, KnownKey>)[message];
      if (key) return t(key, { min: PASSWORD_MIN, max: INVITE_MAX_USES });
      const throttled = /^Too many sign-in attempts.*?(\d+) minutes?/.exec(message);
      if (throttled) return t("tooManyAttempts", { minutes: Number(throttled[1]) });
      const tooLarge = /^The file is larger than the (\d+) MB upload limit/.exec(message);
      if (tooLarge) return t("uploadTooLarge", { mb: Number(tooLarge[1]) });
      return message;
    },
    [t],
  );
}
