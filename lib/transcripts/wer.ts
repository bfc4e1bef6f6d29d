// Word-level scores of a transcript against a reference, for the extract-text tests and bench.
// Pure; words are compared lower-cased with punctuation dropped.

export const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, " ")
    .split(/\s+/)
    .filter(Boolean);

/**
 * Word error rate (substitutions + deletions + insertions over the reference's words, by
 * Levenshtein over words) and recall (reference words recognised in order: the longest common
 * subsequence over the reference's words).
 */
export function scoreWords(reference: string, hypothesis: string) {
  const r = words(reference);
  const h = words(hypothesis);
  const edit = Array.from({ length: r.length + 1 }, (_, i) => [i, ...new Array<number>(h.length).fill(0)]);
  const lcs = Array.from({ length: r.length + 1 }, () => new Array<number>(h.length + 1).fill(0));
  for (let j = 1; j <= h.length; j++) edit[0][j] = j;
  for (let i = 1; i <= r.length; i++) {
    for (let j = 1; j <= h.length; j++) {
      const same = r[i - 1] === h[j - 1];
      edit[i][j] = Math.min(edit[i - 1][j] + 1, edit[i][j - 1] + 1, edit[i - 1][j - 1] + (same ? 0 : 1));
      lcs[i][j] = same ? lcs[i - 1][j - 1] + 1 : Math.max(lcs[i - 1][j], lcs[i][j - 1]);
    }
  }
  return {
    referenceWords: r.length,
    hypothesisWords: h.length,
    wer: r.length ? edit[r.length][h.length] / r.length : 0,
    recall: r.length ? lcs[r.length][h.length] / r.length : 1,
  };
}
