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
  readonly E1: Counter[];
  readonly E2 = counters(24);
  readonly E3 = counters(24);
  readonly T1: Counter[][];
  readonly T2: Counter[][];
  readonly WE = new Mixer(4);
  readonly WT: Mixer[];
  prev = 0;
  run = 0;
  dir = 0;
  changed = 0;
  constructor(readonly b: number) {
    this.m = Math.min(b, 8);
    this.k = b - this.m;
    this.cb = Math.min(this.m, 4);
    this.E1 = counters(2 ** this.cb);
    this.T1 = Array.from({ length: 2 ** this.cb }, () => counters(2 ** this.m));
    this.T2 = Array.from({ length: 9 }, () => counters(2 ** this.m));
    this.WT = Array.from({ length: this.m }, () => new Mixer(3));
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

const RB = (run: number): number => (run < 3 ? run : run <= 4 ? 3 : run <= 8 ? 4 : run <= 16 ? 5 : run <= 32 ? 6 : 7);

/** Decoder state of one chain (or one file block): per-feature state. */
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
    let rowDir = 0;
    for (const st of state.features) {
      const { m, k, cb } = st;
      const c1 = st.prev;
      const hi1 = Math.floor(c1 / 2 ** k);
      const cctx = Math.floor(hi1 / 2 ** (m - cb));
      const e1 = st.E1[cctx]!;
      const e2 = st.E2[3 * RB(st.run) + st.dir]!;
      const e3 = st.E3[2 * (3 * rowChanged + prevFeat) + st.changed]!;
      const P = st.WE.predict([e1.stretch(), e2.stretch(), e3.stretch(), 256]);
      const e = dec.bit(P);
      st.WE.learn(e);
      e1.update(e);
      e2.update(e);
      e3.update(e);
      if (e === 1) {
        out.push(c1);
        st.run = Math.min(st.run + 1, 255);
        st.changed = 0;
        prevFeat = 0;
        rowDir = 0;
        continue;
      }
      let node = 1;
      for (let depth = 0; depth < m; depth++) {
        const a = st.T1[cctx]![node]!;
        const b = st.T2[3 * st.dir + rowDir]![node]!;
        const mix = st.WT[depth]!;
        const y = dec.bit(mix.predict([a.stretch(), b.stretch(), 256]));
        mix.learn(y);
        a.update(y);
        b.update(y);
        node = 2 * node + y;
      }
      const hi = (hi1 + node - 2 ** m) % 2 ** m;
      let lo = 0;
      for (let j = 0; j < k; j++) lo = lo * 2 + dec.bit(2048);
      const code = hi * 2 ** k + lo;
      out.push(code);
      st.dir = code > c1 ? 1 : 2;
      rowDir = st.dir;
      st.run = 0;
      st.changed = 1;
      prevFeat = 1;
      rowChanged = Math.min(rowChanged + 1, 3);
      st.prev = code;
    }
  }
  if (dec.read < coded.length) throw new Error('left over');
  return out;
}
