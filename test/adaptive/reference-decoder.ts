// An independent decoder of encoding 3, written from spec/FORMAT.md section 4.5 only (it shares no
// code with src/codec/adaptive): plain objects per feature, squash/stretch recomputed from the
// knots, the range decoder as a small class. Used by the tests to check the reference
// implementation and the golden vectors; deliberately simple, not fast.

const KNOTS = [
  1, 2, 3, 6, 10, 16, 27, 45, 73, 120, 194, 310, 488, 747, 1101, 1546, 2047, 2549, 2994, 3348, 3607, 3785, 3901, 3975,
  4022, 4050, 4068, 4079, 4085, 4089, 4092, 4093, 4094,
];
const RATE = [43691, 26214, 18725, 13107, 8192, 5461, 3277, 2048];

function squash(d: number): number {
  if (d > 2047) return 4095;
  if (d < -2047) return 1;
  const w = ((d % 128) + 128) % 128;
  const i = Math.floor(d / 128) + 16;
  return Math.floor((KNOTS[i]! * (128 - w) + KNOTS[i + 1]! * w + 64) / 128);
}

const STRETCH_OF: number[] = [];
for (let q = 0; q < 4096; q++) {
  let found = 2047;
  for (let d = -2047; d <= 2047; d++) {
    if (squash(d) >= q) {
      found = d;
      break;
    }
  }
  STRETCH_OF.push(found);
}

class Counter {
  p = 4096;
  n = 0;
  stretch(): number {
    return STRETCH_OF[Math.floor(this.p / 2)]!;
  }
  update(y: number): void {
    const rate = RATE[this.n]!;
    this.p = y === 1 ? this.p + Math.floor(((8192 - this.p) * rate) / 65536) : this.p - Math.floor((this.p * rate) / 65536);
    this.n = Math.min(this.n + 1, 7);
  }
}

class Mixer {
  w: number[];
  s: number[] = [];
  P = 2048;
  constructor(n: number) {
    this.w = new Array<number>(n).fill(6144);
  }
  predict(s: number[]): number {
    this.s = s;
    let sum = 0;
    for (let j = 0; j < s.length; j++) sum += this.w[j]! * s[j]!;
    const dot = Math.max(-2047, Math.min(2047, Math.floor(sum / 16384)));
    this.P = squash(dot);
    return this.P;
  }
  learn(y: number): void {
    const err = y * 4096 - this.P;
    for (let j = 0; j < this.s.length; j++) this.w[j] = Math.max(-131071, Math.min(131071, this.w[j]! + Math.floor((this.s[j]! * err) / 4096)));
  }
}

function counters(n: number): Counter[] {
  return Array.from({ length: n }, () => new Counter());
}

class FeatureState {
  readonly m: number;
  readonly k: number;
  readonly cb: number;
  /** exponent levels (m, or m + 1 with bypass bits); sign and exponent nodes */
  readonly ex: number;
  readonly ns: number;
  readonly E1: Counter[];
  readonly E2 = counters(24);
  /** G1[cctx][node], G2[last][node], G3[pctx][node] for the sign and exponent nodes */
  readonly G1: Counter[][];
  readonly G2: Counter[][];
  readonly G3: Counter[][];
  /** GP[sign][lvl][position] for mantissa bits */
  readonly GP: Counter[][][];
  readonly WE = new Mixer(3);
  /** WG[0] sign, WG[1 + j] exponent bit j (4 inputs each) */
  readonly WG: Mixer[];
  /** mantissa bits (2 inputs) */
  readonly WM = new Mixer(2);
  prev = 0;
  changed = 0;
  last = 0;
  constructor(readonly b: number) {
    this.m = Math.min(b, 8);
    this.k = b - this.m;
    this.cb = Math.min(this.m, 4);
    this.ex = this.k > 0 ? this.m + 1 : this.m;
    this.ns = 2 * this.ex - 1;
    this.E1 = counters(2 ** this.cb);
    this.G1 = Array.from({ length: 2 ** this.cb }, () => counters(this.ns));
    this.G2 = Array.from({ length: 2 * this.m + 1 }, () => counters(this.ns));
    this.G3 = Array.from({ length: 2 * this.m + 2 }, () => counters(this.ns));
    // lvl = 1..ex-1 holds 2^(m - lvl + 1) positions (index 0 unused)
    this.GP = [0, 1].map(() => Array.from({ length: this.ex }, (_, lvl) => counters(lvl === 0 ? 0 : 2 ** (this.m - lvl + 1))));
    this.WG = Array.from({ length: this.ex }, () => new Mixer(4));
  }
}

class RangeDecoder {
  x1 = 0;
  x2 = 2 ** 32 - 1;
  x = 0;
  read = 0;
  constructor(readonly bytes: Uint8Array) {
    for (let i = 0; i < 4; i++) this.x = this.x * 256 + this.next();
  }
  next(): number {
    const b = this.read < this.bytes.length ? this.bytes[this.read]! : 0;
    this.read++;
    return b;
  }
  bit(P: number): number {
    const r = this.x2 - this.x1;
    const xmid = this.x1 + Math.floor(r / 4096) * P + Math.floor(((r % 4096) * P) / 4096);
    const y = this.x <= xmid ? 1 : 0;
    if (y === 1) this.x2 = xmid;
    else this.x1 = xmid + 1;
    while (Math.floor(this.x1 / 2 ** 24) === Math.floor(this.x2 / 2 ** 24)) {
      this.x1 = (this.x1 * 256) % 2 ** 32;
      this.x2 = ((this.x2 * 256) % 2 ** 32) + 255;
      this.x = ((this.x * 256) % 2 ** 32) + this.next();
    }
    return y;
  }
}

/** Decoder state of one chain (or one file block): the state of every feature. */
export class ReferenceAdaptiveState {
  features: FeatureState[];
  constructor(readonly bits: number[]) {
    this.features = bits.map((b) => new FeatureState(b));
  }
}

/**
 * Decodes the `coded` bytes (the body after seq) of `rows` rows; returns the codes, row-major, or
 * throws Error('left over') when bytes are left unread.
 */
export function referenceDecode(state: ReferenceAdaptiveState, coded: Uint8Array, rows: number): number[] {
  const dec = new RangeDecoder(coded);
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    let rowChanged = 0;
    let prevFeat = 2;
    let pd = 0;
    state.features.forEach((st, f) => {
      const { m, k, cb, ex: levels } = st;
      const c1 = st.prev;
      const hi1 = Math.floor(c1 / 2 ** k);
      const cctx = Math.floor(hi1 / 2 ** (m - cb));
      const e1 = st.E1[cctx]!;
      const e2 = st.E2[2 * (3 * rowChanged + prevFeat) + st.changed]!;
      const P = st.WE.predict([e1.stretch(), e2.stretch(), 256]);
      const e = dec.bit(P);
      st.WE.learn(e);
      e1.update(e);
      e2.update(e);
      if (e === 1) {
        out.push(c1);
        st.changed = 0;
        prevFeat = 0;
        pd = 0;
        return;
      }
      let pctx: number;
      if (f === 0) pctx = 0;
      else if (pd === 0) pctx = 1;
      else pctx = 2 + 2 * Math.min(Math.floor(Math.log2(Math.abs(pd))), m - 1) + (pd < 0 ? 1 : 0);
      const codeBit = (node: number, mixer: Mixer): number => {
        const cs = [st.G1[cctx]![node]!, st.G2[st.last]![node]!, st.G3[pctx]![node]!];
        const y = dec.bit(mixer.predict([...cs.map((c) => c.stretch()), 256]));
        mixer.learn(y);
        for (const c of cs) c.update(y);
        return y;
      };
      const sign = codeBit(0, st.WG[0]!);
      let ex = 0;
      while (ex < levels - 1 && codeBit(1 + sign * (levels - 1) + ex, st.WG[1 + ex]!) === 1) ex++;
      const off = k > 0 ? 1 : 0;
      let mag = 1;
      for (let pos = 0; pos < ex; pos++) {
        // the codes still possible: magnitudes mag * 2^lvl ... mag * 2^lvl + 2^lvl - 1 (minus off)
        const lvl = ex - pos;
        const low = mag * 2 ** lvl - off;
        const start = sign === 1 ? hi1 - low - 2 ** lvl + 1 : hi1 + low;
        const gp = st.GP[sign]![lvl]![Math.floor((((start % 2 ** m) + 2 ** m) % 2 ** m) / 2 ** (lvl - 1))]!;
        const y = dec.bit(st.WM.predict([gp.stretch(), 256]));
        st.WM.learn(y);
        gp.update(y);
        mag = 2 * mag + y;
      }
      mag -= off;
      const sd = sign === 1 ? -mag : mag;
      const hi = (((hi1 + sd) % 2 ** m) + 2 ** m) % 2 ** m;
      let lo = 0;
      for (let j = 0; j < k; j++) lo = lo * 2 + dec.bit(2048);
      const code = hi * 2 ** k + lo;
      out.push(code);
      st.changed = 1;
      prevFeat = 1;
      rowChanged = Math.min(rowChanged + 1, 3);
      st.prev = code;
      pd = sd;
      st.last = sd === 0 ? 0 : 1 + 2 * Math.min(Math.floor(Math.log2(Math.abs(sd))), m - 1) + (sd < 0 ? 1 : 0);
    });
  }
  if (dec.read < coded.length) throw new Error('left over');
  return out;
}
