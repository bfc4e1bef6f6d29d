// The price formula, free of the database so the browser's estimate uses the very same code.
export type PriceRule = { baseCredits: number; perMinuteCredits: number };

/** Started minutes of media: a 61 s file is 2; anything shorter than a minute is 1. */
export const startedMinutes = (durationSec: number) => Math.max(1, Math.ceil(Math.max(0, durationSec) / 60 - 1e-9));

/** Credits for media of this length: base + per started minute. */
export const priceFor = (p: PriceRule, durationSec: number) =>
  p.baseCredits + p.perMinuteCredits * startedMinutes(durationSec);
