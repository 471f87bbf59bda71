// The categorical part of the generated header: for every categorical feature (FORMAT.md 1.5) its
// dictionary as a comment and as #defines of the category indices, which is what the device passes
// in the feature's slot of a row (the index is the code: thresholds c - 0.5). Macro names are the
// prefix, feature and category upper-cased to C identifiers, made unique.
import type { Feature } from '../codec/index.js';
import { commentSafe } from './literals.js';

/** A C identifier part: letters and digits upper-cased, anything else one underscore. */
export function macroPart(s: string): string {
  const t = s.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
  return t === '' ? 'X' : /^[0-9]/.test(t) ? `N${t}` : t;
}

/** The #define block of the categorical features, or '' when there are none. */
export function categoryDefines(P: string, features: readonly Feature[]): string {
  const cats = features.map((f, i) => ({ f, i })).filter(({ f }) => f.categories !== undefined);
  if (cats.length === 0) return '';
  const used = new Set<string>();
  const unique = (name: string) => {
    let n = name;
    for (let j = 2; used.has(n); j++) n = `${name}_${j}`;
    used.add(n);
    return n;
  };
  const out: string[] = [
    '/* Categorical features: the device passes the category index (0-based, the dictionary order',
    ' * below) in the feature\'s slot of the float row; the index is the code. An index outside the',
    ' * dictionary is a category the codec does not know: send the UNKNOWN index when the feature has',
    ' * one, never another number. */',
  ];
  for (const { f, i } of cats) {
    const base = unique(`${P}_${macroPart(f.name)}`);
    const k = f.categories!.length;
    out.push(`/* feature ${i}: ${commentSafe(f.name)}, ${f.bits} bits, ${k} categories${f.unknown === 'code' ? `, unknown code ${k}` : ', no unknown code'} */`);
    out.push(`#define ${base}_INDEX ${i}u`);
    out.push(`#define ${base}_CATEGORIES ${k}u`);
    if (f.unknown === 'code') out.push(`#define ${unique(`${base}_UNKNOWN`)} ${k}`);
    f.categories!.forEach((c, j) => out.push(`#define ${unique(`${base}_${macroPart(c)}`)} ${j} /* ${commentSafe(c)} */`));
  }
  return out.join('\n') + '\n';
}
