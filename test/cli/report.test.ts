// report.html generation from a mock report (no training): self-contained page, the embedded data,
// escaping, and the histogram helper.
import { describe, expect, it } from 'vitest';
import { renderReportHtml, jsonForScript, type ReportData } from '../../src/cli/report/html.js';
import { histogram } from '../../src/cli/report/histogram.js';

const mock: ReportData = {
  title: 'bsq training report: y </script><b>x</b>',
  generated: '2026-01-01T00:00:00Z',
  bsqVersion: '0.1.0',
  dataset: { file: 'data.csv', target: 'y', task: 'regression', trainRows: 100, testRows: 10, features: 2, testSource: '10% random split' },
  metricName: 'test MSE (standardized target)',
  lowerIsBetter: true,
  compression: { bitsPerRow: 6, float32BitsPerRow: 64, factor: 64 / 6 },
  errorVsBits: {
    bits: [2, 3, 4],
    series: [
      { name: 'bsq', kind: 'bsq', values: [0.3, 0.25, 0.2] },
      { name: 'FP', kind: 'fp', values: [0.18, null, null] },
      { name: 'Pr-QQ', kind: 'baseline', values: [0.4, null, 0.3] },
    ],
  },
  metrics: [
    { name: 'bsq (3 bits)', kind: 'bsq', values: { stdMse: 0.25, r2: 0.7 } },
    { name: 'FP', kind: 'fp', values: { stdMse: 0.18, r2: 0.8 } },
  ],
  history: [
    { epoch: 1, loss: 1, valLoss: 0.9 },
    { epoch: 2, loss: 0.5 },
  ],
  features: [
    { name: 'a<b', bits: 3, thresholds: [1, 2, 3, 4, 5, 6, 7], histogram: histogram([1, 2, 3, 4, 5, 6, 7, 8], 4) },
    { name: 'c', bits: 3, thresholds: [0, 0, 1, 1, 2, 2, 3], histogram: histogram([0, 3], 2) },
  ],
  trainingSeconds: 12.5,
  settings: { epochs: 50, seed: 0 },
};

describe('report.html', () => {
  const html = renderReportHtml(mock, { chartJs: '/* chart.js stand-in */ var Chart; "</script>";' });

  it('is one self-contained page: inline scripts and styles only', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=/i);
    expect(html).toContain('/* chart.js stand-in */');
    // a "</script" inside the library text cannot end the script element early
    expect(html).toContain('"<\\/script>"');
  });

  it('embeds the data as JSON that parses back to the input, with "<" escaped', () => {
    const m = html.match(/<script id="bsq-data" type="application\/json">(.*?)<\/script>/s);
    expect(m).not.toBeNull();
    expect(m![1]).not.toContain('<');
    expect(JSON.parse(m![1])).toEqual(mock);
    expect(jsonForScript({ a: '</script>' })).toBe('{"a":"\\u003c/script>"}');
  });

  it('escapes text in the HTML and shows the key numbers without JavaScript', () => {
    expect(html).toContain('&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('a&lt;b');
    expect(html).toMatch(/10\.7×/); // compression factor
    expect(html).toMatch(/<td class="num">0\.25<\/td>/);
    expect(html).toMatch(/6 bits per row instead of 64/);
    expect((html.match(/<canvas id="hist-\d+"/g) ?? []).length).toBe(2);
  });

  it('inlines the real Chart.js 4 UMD build by default', () => {
    const real = renderReportHtml(mock);
    expect(real).toMatch(/Chart\.js v4\.\d+\.\d+/);
    expect(real.length).toBeGreaterThan(150_000);
  });
});

describe('histogram', () => {
  it('counts every finite value once, over a range that includes the thresholds', () => {
    const h = histogram([0, 1, 2, 3, 4, NaN, Infinity], 4, [-4, 8]);
    expect(h.edges).toEqual([-4, -1, 2, 5, 8]);
    expect(h.counts).toEqual([0, 2, 3, 0]);
    expect(histogram([5, 5, 5], 3).counts.reduce((a, b) => a + b)).toBe(3);
    expect(histogram([], 3)).toEqual({ edges: [0, 1], counts: [0] });
  });
});
