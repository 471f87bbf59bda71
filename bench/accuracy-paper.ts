// The paper's published test MSE (standardized target) for California housing and wine quality,
// for side-by-side comparison in the accuracy benchmark (Schrödter et al., arXiv 2603.05172).

export const PAPER: Record<string, { FP: number; byBits: Record<number, Record<string, number>> }> = {
  california: {
    FP: 0.186,
    byBits: {
      2: { 'Pr-MQ': 0.593, 'Pr-QQ': 0.338, LSQ: 0.356, SQ: 0.288, 'Bw-QQ': 0.329, 'Bw-SQ': 0.29 },
      3: { 'Pr-MQ': 0.376, 'Pr-QQ': 0.279, LSQ: 0.259, SQ: 0.217, 'Bw-QQ': 0.265, 'Bw-SQ': 0.21 },
      4: { 'Pr-MQ': 0.326, 'Pr-QQ': 0.213, LSQ: 0.216, SQ: 0.214, 'Bw-QQ': 0.207, 'Bw-SQ': 0.185 },
      5: { 'Pr-MQ': 0.279, 'Pr-QQ': 0.199, LSQ: 0.207, SQ: 0.208, 'Bw-QQ': 0.182, 'Bw-SQ': 0.171 },
      6: { 'Pr-MQ': 0.254, 'Pr-QQ': 0.189, LSQ: 0.195, SQ: 0.2, 'Bw-QQ': 0.177, 'Bw-SQ': 0.173 },
      8: { 'Pr-MQ': 0.21, 'Pr-QQ': 0.189, LSQ: 0.188, SQ: 0.205, 'Bw-QQ': 0.173, 'Bw-SQ': 0.169 },
    },
  },
  wine: {
    FP: 0.545,
    byBits: {
      2: { 'Pr-MQ': 0.734, 'Pr-QQ': 0.62, LSQ: 0.64, SQ: 0.61, 'Bw-QQ': 0.596, 'Bw-SQ': 0.577 },
      3: { 'Pr-MQ': 0.652, 'Pr-QQ': 0.587, LSQ: 0.599, SQ: 0.584, 'Bw-QQ': 0.56, 'Bw-SQ': 0.547 },
      4: { 'Pr-MQ': 0.6, 'Pr-QQ': 0.571, LSQ: 0.565, SQ: 0.567, 'Bw-QQ': 0.514, 'Bw-SQ': 0.524 },
      6: { 'Pr-MQ': 0.584, 'Pr-QQ': 0.542, LSQ: 0.565, SQ: 0.585, 'Bw-QQ': 0.509, 'Bw-SQ': 0.518 },
      8: { 'Pr-MQ': 0.582, 'Pr-QQ': 0.546, LSQ: 0.556, SQ: 0.584, 'Bw-QQ': 0.561, 'Bw-SQ': 0.559 },
    },
  },
};
