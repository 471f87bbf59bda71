// Numbers written as text (CSV cells, strings in column data): decimal notation only. Number()
// also reads JavaScript's 0x / 0b / 0o literals ('0x10' is 16), which no CSV writer means as a
// number, so such text is not a number here; blank text is not a number either (Number('') is 0).
// The usual spellings of a missing value (empty, NA, NaN, null, ...) are one set for every reader.

/** The number a text cell spells in decimal notation (sign, digits, point, exponent, Infinity), else undefined. */
export function numberFromText(text: string): number | undefined {
  const v = Number(text);
  if (Number.isNaN(v) || text.trim() === '' || isRadixLiteral(text)) return undefined;
  return v;
}

function isRadixLiteral(text: string): boolean {
  let i = 0;
  while (text.charCodeAt(i) <= 32) i++;
  if (text.charCodeAt(i) !== 48 /* 0 */) return false;
  const c = text.charCodeAt(i + 1) | 0x20;
  return c === 0x78 /* x */ || c === 0x62 /* b */ || c === 0x6f /* o */;
}

/** Cell texts (trimmed, lower case) that mean "missing": empty, na, nan, null, n/a, none, ?, -. */
export const MISSING_TEXTS: ReadonlySet<string> = new Set(['', 'na', 'nan', 'null', 'n/a', 'none', '?', '-']);

export function isMissingText(text: string): boolean {
  return MISSING_TEXTS.has(text.trim().toLowerCase());
}

/** 'inf', '-Infinity', '+INF': an infinite number spelt out (Number() reads only 'Infinity'). */
export function isInfinityText(text: string): boolean {
  return /^\s*[+-]?inf(inity)?\s*$/i.test(text);
}
