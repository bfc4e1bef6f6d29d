import { randomInt } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** 18 random alphanumeric characters (~107 bits). */
export function newOrderNo(): string {
  let s = "";
  for (let i = 0; i < 18; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}
