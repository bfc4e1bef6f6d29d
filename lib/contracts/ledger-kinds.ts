// The ledger's kinds, without zod: the admin ledger's filter imports this in the browser.
export const LEDGER_KINDS = ["grant", "hold", "capture", "release", "refund", "adjust"] as const;
export type LedgerKindName = (typeof LEDGER_KINDS)[number];
