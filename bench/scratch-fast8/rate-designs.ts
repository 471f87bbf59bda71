// Scratch (issue 12 feasibility study): the named option sets of design.ts.

import type { MsOptions } from './design.js';

const base: MsOptions = { ctx: ['own'], weights: [1], slots: false, top1: false, rmax: 7, base: 8 };
export const DESIGNS: Record<string, MsOptions> = {
  own: base,
  prevf: { ...base, ctx: ['prevf'] },
  pos: { ...base, ctx: ['pos'] },
  'own+prevf': { ...base, ctx: ['own', 'prevf'], weights: [1, 1] },
  'own+pos': { ...base, ctx: ['own', 'pos'], weights: [1, 1] },
  'own+prevf+pos': { ...base, ctx: ['own', 'prevf', 'pos', 'own'], weights: [1, 1, 1, 1] },
  'ownXprevf3': { ...base, ctx: ['ownXprevf3'] },
  'ownXprevf3+pos': { ...base, ctx: ['ownXprevf3', 'pos'], weights: [1, 1] },
  'own+prevf slots': { ...base, ctx: ['own', 'prevf'], weights: [1, 1], slots: true },
  vol: { ...base, ctx: ['vol'] },
  volXsign: { ...base, ctx: ['volXsign'] },
  'vol+prevf': { ...base, ctx: ['vol', 'prevf'], weights: [1, 1] },
  'volXsign+prevf': { ...base, ctx: ['volXsign', 'prevf'], weights: [1, 1] },
  'volXsign+prevfXsign': { ...base, ctx: ['volXsign', 'prevfXsign'], weights: [1, 1] },
  'volXprevf3': { ...base, ctx: ['volXprevf3'] },
  'volXprevf3+own': { ...base, ctx: ['volXprevf3', 'own'], weights: [1, 1] },
  'volXsign+prevf+own+pos': { ...base, ctx: ['volXsign', 'prevf', 'own', 'pos'], weights: [1, 1, 1, 1] },
  'own+prevf top1': { ...base, ctx: ['own', 'prevf'], weights: [1, 1], top1: true },
};

