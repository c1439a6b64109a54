/*
 * The native C peer of bitste's packed-bit kernels: what a C programmer would write for the same data
 * layout, compiled on the benchmarking machine with its own C compiler (-O3 -march=native) by
 * dev.bitste.peers.CPeerBuild and called from the JMH benchmarks through the FFM API (peer_c,
 * dev.bitste.peers.CPeer).
 *
 * Layout (the project's, see dev.bitste.bits.PackedBits): a row of n bits is ceil(n / 64) 64-bit words,
 * least significant bit first, zero-padded to a multiple of 8 words (512 bits); rows start 64-byte
 * aligned. So every row is a whole number of 512-bit blocks and no loop here needs a tail inside a row.
 *
 * With AVX-512 VPOPCNTDQ: straightforward intrinsics. Elsewhere: plain loops over __builtin_popcountll
 * that the compiler auto-vectorizes where the ISA has a vector popcount.
 */
#include <stdint.h>
#include <string.h>

#ifdef __AVX512VPOPCNTDQ__
#include <immintrin.h>
#define BITSTE_PEER_ISA "avx512-vpopcntdq"
#else
#define BITSTE_PEER_ISA "portable"
#endif

/* Rows of w per interleaved group, as the Java GEMM at 512 bits: one 512-bit vector holds word t of 8 rows. */
#define LANES 8
/* A GEMM tile: 4 rows of x by 2 groups (16 rows) of w, 8 accumulators. */
#define TILE_ROWS 4
#define TILE_COLS (2 * LANES)
/* Words of n per pass, so the tile's 16 rows of w (16 KB) stay in L1 while x streams past (as in Java). */
#define CHUNK_WORDS (16384 / (TILE_COLS * 8))

/* Which code path this build took: "avx512-vpopcntdq" or "portable". */
const char *bitste_peer_isa(void) {
    return BITSTE_PEER_ISA;
}

/* popcount(a XOR b) over `words` words (a multiple of 8). */
int64_t bitste_xor_popcount(const uint64_t *a, const uint64_t *b, int64_t words) {
#ifdef __AVX512VPOPCNTDQ__
    __m512i acc0 = _mm512_setzero_si512();
    __m512i acc1 = _mm512_setzero_si512();
    int64_t i = 0;
    for (; i + 16 <= words; i += 16) {
        __m512i x0 = _mm512_xor_si512(_mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i));
        __m512i x1 = _mm512_xor_si512(_mm512_loadu_si512(a + i + 8), _mm512_loadu_si512(b + i + 8));
        acc0 = _mm512_add_epi64(acc0, _mm512_popcnt_epi64(x0));
        acc1 = _mm512_add_epi64(acc1, _mm512_popcnt_epi64(x1));
    }
    if (i < words) {
        __m512i x0 = _mm512_xor_si512(_mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i));
        acc0 = _mm512_add_epi64(acc0, _mm512_popcnt_epi64(x0));
    }
    return _mm512_reduce_add_epi64(_mm512_add_epi64(acc0, acc1));
#else
    int64_t count = 0;
    for (int64_t i = 0; i < words; i++) {
        count += __builtin_popcountll(a[i] ^ b[i]);
    }
    return count;
#endif
}

/* out[r] = n - 2 popcount(w_r XOR x) for the k rows of w (row stride `stride` words, `words` words each). */
void bitste_gemv(const uint64_t *w, int64_t stride, int32_t k, const uint64_t *x, int64_t words, int32_t n,
        int32_t *out) {
    int32_t r = 0;
#ifdef __AVX512VPOPCNTDQ__
    /* four rows of w per pass: each x vector is loaded once for four popcounts (as the Java kernel) */
    for (; r + 4 <= k; r += 4) {
        const uint64_t *w0 = w + r * stride;
        __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
        for (int64_t i = 0; i < words; i += 8) {
            __m512i xv = _mm512_loadu_si512(x + i);
            a0 = _mm512_add_epi64(a0, _mm512_popcnt_epi64(_mm512_xor_si512(xv, _mm512_loadu_si512(w0 + i))));
            a1 = _mm512_add_epi64(a1, _mm512_popcnt_epi64(_mm512_xor_si512(xv, _mm512_loadu_si512(w0 + stride + i))));
            a2 = _mm512_add_epi64(a2, _mm512_popcnt_epi64(_mm512_xor_si512(xv, _mm512_loadu_si512(w0 + 2 * stride + i))));
            a3 = _mm512_add_epi64(a3, _mm512_popcnt_epi64(_mm512_xor_si512(xv, _mm512_loadu_si512(w0 + 3 * stride + i))));
        }
        out[r] = n - 2 * (int32_t) _mm512_reduce_add_epi64(a0);
        out[r + 1] = n - 2 * (int32_t) _mm512_reduce_add_epi64(a1);
        out[r + 2] = n - 2 * (int32_t) _mm512_reduce_add_epi64(a2);
        out[r + 3] = n - 2 * (int32_t) _mm512_reduce_add_epi64(a3);
    }
#endif
    for (; r < k; r++) {
        out[r] = n - 2 * (int32_t) bitste_xor_popcount(w + r * stride, x, words);
    }
}

/*
 * Interleaves the k rows of w (stride `stride` words, `words` real words each) in groups of LANES rows:
 * word t of rows g*LANES .. g*LANES+LANES-1 is contiguous at (g * words + t) * LANES. `out` holds
 * kPad * words words (kPad = k rounded up to TILE_COLS); rows past k are zero.
 */
void bitste_gemm_pack_w(const uint64_t *w, int64_t stride, int32_t k, int64_t words, uint64_t *out) {
    int32_t kPad = (k + TILE_COLS - 1) / TILE_COLS * TILE_COLS;
    memset(out, 0, (size_t) kPad * (size_t) words * sizeof(uint64_t));
    for (int32_t r = 0; r < k; r++) {
        uint64_t *dst = out + (int64_t) (r / LANES) * words * LANES + r % LANES;
        for (int64_t t = 0; t < words; t++) {
            dst[t * LANES] = w[r * stride + t];
        }
    }
}

/* Words the interleaved w of bitste_gemm_pack_w takes. */
int64_t bitste_gemm_packed_words(int32_t k, int64_t words) {
    return (int64_t) ((k + TILE_COLS - 1) / TILE_COLS * TILE_COLS) * words;
}

/*
 * Popcounts of x rows x0..x3 against the 16 interleaved w rows at wg, over words [t0, t1): pops[r][c]
 * for row r of x and row c of the tile.
 */
static void tile(const uint64_t *const xr[TILE_ROWS], const uint64_t *wg, int64_t words, int64_t t0, int64_t t1,
        uint32_t pops[TILE_ROWS][TILE_COLS]) {
#ifdef __AVX512VPOPCNTDQ__
    __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    const uint64_t *wg1 = wg + words * LANES;
    for (int64_t t = t0; t < t1; t++) {
        __m512i w0 = _mm512_loadu_si512(wg + t * LANES);
        __m512i w1 = _mm512_loadu_si512(wg1 + t * LANES);
        __m512i x0 = _mm512_set1_epi64((long long) xr[0][t]);
        __m512i x1 = _mm512_set1_epi64((long long) xr[1][t]);
        __m512i x2 = _mm512_set1_epi64((long long) xr[2][t]);
        __m512i x3 = _mm512_set1_epi64((long long) xr[3][t]);
        a0 = _mm512_add_epi64(a0, _mm512_popcnt_epi64(_mm512_xor_si512(x0, w0)));
        a1 = _mm512_add_epi64(a1, _mm512_popcnt_epi64(_mm512_xor_si512(x1, w0)));
        a2 = _mm512_add_epi64(a2, _mm512_popcnt_epi64(_mm512_xor_si512(x2, w0)));
        a3 = _mm512_add_epi64(a3, _mm512_popcnt_epi64(_mm512_xor_si512(x3, w0)));
        b0 = _mm512_add_epi64(b0, _mm512_popcnt_epi64(_mm512_xor_si512(x0, w1)));
        b1 = _mm512_add_epi64(b1, _mm512_popcnt_epi64(_mm512_xor_si512(x1, w1)));
        b2 = _mm512_add_epi64(b2, _mm512_popcnt_epi64(_mm512_xor_si512(x2, w1)));
        b3 = _mm512_add_epi64(b3, _mm512_popcnt_epi64(_mm512_xor_si512(x3, w1)));
    }
    _mm256_storeu_si256((__m256i *) &pops[0][0], _mm512_cvtepi64_epi32(a0));
    _mm256_storeu_si256((__m256i *) &pops[0][LANES], _mm512_cvtepi64_epi32(b0));
    _mm256_storeu_si256((__m256i *) &pops[1][0], _mm512_cvtepi64_epi32(a1));
    _mm256_storeu_si256((__m256i *) &pops[1][LANES], _mm512_cvtepi64_epi32(b1));
    _mm256_storeu_si256((__m256i *) &pops[2][0], _mm512_cvtepi64_epi32(a2));
    _mm256_storeu_si256((__m256i *) &pops[2][LANES], _mm512_cvtepi64_epi32(b2));
    _mm256_storeu_si256((__m256i *) &pops[3][0], _mm512_cvtepi64_epi32(a3));
    _mm256_storeu_si256((__m256i *) &pops[3][LANES], _mm512_cvtepi64_epi32(b3));
#else
    uint64_t acc[TILE_ROWS][TILE_COLS];
    memset(acc, 0, sizeof acc);
    for (int64_t t = t0; t < t1; t++) {
        for (int g = 0; g < 2; g++) {
            const uint64_t *wt = wg + (g * words + t) * LANES;
            for (int r = 0; r < TILE_ROWS; r++) {
                uint64_t xv = xr[r][t];
                for (int l = 0; l < LANES; l++) {
                    acc[r][g * LANES + l] += (uint64_t) __builtin_popcountll(xv ^ wt[l]);
                }
            }
        }
    }
    for (int r = 0; r < TILE_ROWS; r++) {
        for (int c = 0; c < TILE_COLS; c++) {
            pops[r][c] = (uint32_t) acc[r][c];
        }
    }
#endif
}

/*
 * out[i * k + j] = n - 2 popcount(x_i XOR w_j) for the m rows of x (stride `stride` words, read in place)
 * and the k rows of w given interleaved by bitste_gemm_pack_w; `words` real words per row. Same loop
 * order as the Java GEMM: per chunk of words, per 16 rows of w, per 4 rows of x; the partial popcounts
 * are summed in out and turned into dots at the end.
 */
void bitste_gemm(const uint64_t *x, int64_t stride, int32_t m, const uint64_t *wPacked, int32_t k, int64_t words,
        int32_t n, int32_t *out) {
    uint32_t pops[TILE_ROWS][TILE_COLS];
    for (int64_t t0 = 0; t0 < words; t0 += CHUNK_WORDS) {
        int64_t t1 = t0 + CHUNK_WORDS < words ? t0 + CHUNK_WORDS : words;
        for (int32_t j = 0; j < k; j += TILE_COLS) {
            const uint64_t *wg = wPacked + (int64_t) j * words;
            int32_t cols = k - j < TILE_COLS ? k - j : TILE_COLS;
            for (int32_t i = 0; i < m; i += TILE_ROWS) {
                int32_t rows = m - i < TILE_ROWS ? m - i : TILE_ROWS;
                const uint64_t *xr[TILE_ROWS];
                for (int r = 0; r < TILE_ROWS; r++) { /* rows past m repeat the last one and are not stored */
                    xr[r] = x + (int64_t) (i + (r < rows ? r : rows - 1)) * stride;
                }
                tile(xr, wg, words, t0, t1, pops);
                for (int r = 0; r < rows; r++) {
                    int32_t *o = out + (int64_t) (i + r) * k + j;
                    if (t0 == 0) {
                        memcpy(o, pops[r], (size_t) cols * sizeof(int32_t));
                    } else {
                        for (int c = 0; c < cols; c++) {
                            o[c] += (int32_t) pops[r][c];
                        }
                    }
                }
            }
        }
    }
    int64_t total = (int64_t) m * k;
    for (int64_t p = 0; p < total; p++) {
        out[p] = n - 2 * out[p];
    }
}
