// A small dependency-free SVG line chart for the accuracy benchmark: test error against bits, one
// panel per dataset, one line per method.

export interface Series { name: string; points: { x: number; y: number }[] }
export interface Panel { title: string; yLabel: string; series: Series[] }

const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function svgChart(panels: Panel[]): string {
  const W = 420, H = 300, m = { l: 60, r: 110, t: 30, b: 40 };
  const total = W * Math.max(1, panels.length);
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="${H}" viewBox="0 0 ${total} ${H}" font-family="sans-serif" font-size="11">`, `<rect width="${total}" height="${H}" fill="white"/>`];
  panels.forEach((p, pi) => {
    const ox = pi * W;
    const pts = p.series.flatMap((s) => s.points).filter((q) => Number.isFinite(q.y));
    if (pts.length === 0) return;
    const xs = pts.map((q) => q.x), ys = pts.map((q) => q.y);
    const x0 = Math.min(...xs), x1 = Math.max(...xs);
    let y0 = Math.min(...ys), y1 = Math.max(...ys);
    const pad = (y1 - y0) * 0.08 || 0.01;
    y0 -= pad; y1 += pad;
    const pw = W - m.l - m.r, ph = H - m.t - m.b;
    const sx = (x: number) => ox + m.l + (x1 === x0 ? pw / 2 : ((x - x0) / (x1 - x0)) * pw);
    const sy = (y: number) => m.t + ph - ((y - y0) / (y1 - y0)) * ph;
    parts.push(`<text x="${ox + m.l + pw / 2}" y="18" text-anchor="middle" font-size="13">${esc(p.title)}</text>`);
    parts.push(`<line x1="${ox + m.l}" y1="${m.t + ph}" x2="${ox + m.l + pw}" y2="${m.t + ph}" stroke="black"/>`);
    parts.push(`<line x1="${ox + m.l}" y1="${m.t}" x2="${ox + m.l}" y2="${m.t + ph}" stroke="black"/>`);
    for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
      parts.push(`<text x="${sx(x)}" y="${m.t + ph + 15}" text-anchor="middle">${x}</text>`);
    }
    parts.push(`<text x="${ox + m.l + pw / 2}" y="${H - 8}" text-anchor="middle">bits per feature</text>`);
    for (let i = 0; i <= 4; i++) {
      const y = y0 + ((y1 - y0) * i) / 4;
      parts.push(`<text x="${ox + m.l - 5}" y="${sy(y) + 4}" text-anchor="end">${y.toFixed(3)}</text>`);
      parts.push(`<line x1="${ox + m.l}" y1="${sy(y)}" x2="${ox + m.l + pw}" y2="${sy(y)}" stroke="#eee"/>`);
    }
    parts.push(`<text transform="translate(${ox + 14},${m.t + ph / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`);
    p.series.forEach((s, si) => {
      const c = COLORS[si % COLORS.length];
      const q = s.points.filter((pt) => Number.isFinite(pt.y)).sort((a, b) => a.x - b.x);
      if (q.length === 0) return;
      const dash = s.name.startsWith('paper') ? ' stroke-dasharray="4 3"' : '';
      parts.push(`<polyline fill="none" stroke="${c}" stroke-width="${s.name === 'bsq' ? 2.5 : 1.5}"${dash} points="${q.map((pt) => `${sx(pt.x).toFixed(1)},${sy(pt.y).toFixed(1)}`).join(' ')}"/>`);
      for (const pt of q) parts.push(`<circle cx="${sx(pt.x).toFixed(1)}" cy="${sy(pt.y).toFixed(1)}" r="2.5" fill="${c}"/>`);
      parts.push(`<text x="${ox + m.l + pw + 8}" y="${m.t + 12 + si * 14}" fill="${c}">${esc(s.name)}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}
