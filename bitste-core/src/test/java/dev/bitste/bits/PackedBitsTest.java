package dev.bitste.bits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.kernels.BitKernels;
import dev.bitste.kernels.KernelChoice;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Layout, padding invariant, packing, unpacking, equality and error messages of the packed types. */
class PackedBitsTest {

    /** Every bit past cols in every row, up to the padded stride, is zero; and rows are 64-byte aligned. */
    static void assertPaddingZero(PackedBits p) {
        MemorySegment seg = p.segment();
        assertThat(seg.address() % PackedBits.ALIGNMENT_BYTES).isZero();
        assertThat(p.strideWords() % PackedBits.STRIDE_ALIGN_WORDS).isZero();
        for (int r = 0; r < p.rows(); r++) {
            for (int w = 0; w < p.strideWords(); w++) {
                long word = seg.getAtIndex(ValueLayout.JAVA_LONG, (long) r * p.strideWords() + w);
                long allowed = w < p.wordsPerRow() - 1 ? -1L : w == p.wordsPerRow() - 1 ? PackedBits.lastWordMask(p.cols()) : 0L;
                assertThat(word & ~allowed).as("padding of row %d word %d of %s", r, w, p).isZero();
            }
        }
    }

    static float[] gaussian(SplittableRandom rnd, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) rnd.nextGaussian();
        }
        return f;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 63, 64, 65, 127, 128, 511, 512, 513, 1000})
    void everyPackingPathKeepsPaddingZeroAndAgrees(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        float[] f = gaussian(rnd, n);
        int[] signs = new int[n];
        int[] indicators = new int[n];
        boolean[] bools = new boolean[n];
        for (int i = 0; i < n; i++) {
            bools[i] = f[i] >= 0;
            signs[i] = bools[i] ? 1 : -1;
            indicators[i] = bools[i] ? 1 : 0;
        }
        BitVector ref = BitVector.of(bools);
        List<PackedBits> all = new ArrayList<>();
        all.add(ref);
        all.add(BitVector.ofSigns(signs));
        all.add(BitVector.ofIndicators(indicators));
        all.add(BitVector.ofWords(ref.words(), n));
        for (KernelChoice c : KernelChoice.available()) {
            BitKernels k = BitKernels.of(c);
            all.add(k.signProject(f));
            all.add(k.threshold(signs, 0));
            all.add(k.threshold(f, 0f));
        }
        for (PackedBits p : all) {
            assertPaddingZero(p);
            assertThat(p).isEqualTo(ref).hasSameHashCodeAs(ref);
        }
        BitMatrix m = BitMatrix.of(new boolean[][] {bools, bools, bools});
        float[] three = new float[3 * n];
        int[] threeSigns = new int[3 * n];
        for (int r = 0; r < 3; r++) {
            System.arraycopy(f, 0, three, r * n, n);
            System.arraycopy(signs, 0, threeSigns, r * n, n);
        }
        List<BitMatrix> matrices = new ArrayList<>(List.of(m, BitMatrix.ofSigns(threeSigns, 3, n), BitMatrix.ofSigns(three, 3, n)));
        long[] words = new long[3 * ref.wordsPerRow()];
        for (int r = 0; r < 3; r++) {
            System.arraycopy(ref.words(), 0, words, r * ref.wordsPerRow(), ref.wordsPerRow());
        }
        matrices.add(BitMatrix.ofWords(words, 3, n));
        for (BitMatrix p : matrices) {
            assertPaddingZero(p);
            assertThat(p).isEqualTo(m);
            assertThat(p.row(2)).isEqualTo(ref);
        }
        // a binary layer's output is a packing path too: 3 or 6 rows of x against 70 rows of w, half firing
        boolean[][] wRows = new boolean[70][n];
        for (boolean[] row : wRows) {
            for (int i = 0; i < n; i++) {
                row[i] = rnd.nextBoolean();
            }
        }
        BitMatrix w = BitMatrix.of(wRows);
        BitMatrix x6 = BitMatrix.of(new boolean[][] {bools, bools, bools, wRows[0], wRows[1], wRows[2]});
        for (KernelChoice c : KernelChoice.available()) {
            assertPaddingZero(BitKernels.of(c).gemmThreshold(m, w, new int[70]));
            assertPaddingZero(BitKernels.of(c).gemmThreshold(x6, w, new int[70]));
        }
    }

    @Test
    void ofWordsRejectsSetPaddingBits() {
        assertThatThrownBy(() -> BitVector.ofWords(new long[] {1L << 7}, 7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storage: padding bits past column 7 are set in row 0 (padding must be zero)");
        assertThatThrownBy(() -> BitMatrix.ofWords(new long[] {0, -1L}, 2, 63))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storage: padding bits past column 63 are set in row 1 (padding must be zero)");
        assertThatThrownBy(() -> BitVector.ofWords(new long[] {0, 0}, 64))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("words has length 2, expected 1");
        MemorySegment storage = PackedBits.allocate(1, 100);
        storage.setAtIndex(ValueLayout.JAVA_LONG, 5, 1L); // a padding word
        assertThatThrownBy(() -> BitVector.adopt(storage, 100)).hasMessageContaining("padding bits past column 100");
    }

    @Test
    void packersRejectBadValuesNamingTheIndex() {
        assertThatThrownBy(() -> BitVector.ofSigns(new int[] {1, -1, 0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plusMinusOne[2] is 0 (must be -1 or +1)");
        assertThatThrownBy(() -> BitVector.ofIndicators(new int[] {0, 2})).hasMessage("zeroOne[1] is 2 (must be 0 or 1)");
        assertThatThrownBy(() -> BitMatrix.ofSigns(new int[] {1, 1, 1, 3}, 2, 2))
                .hasMessage("rowMajor[3] is 3 (must be -1 or +1)");
        assertThatThrownBy(() -> BitVector.ofSigns(new float[] {1f, Float.NaN}))
                .hasMessage("latent[1] is NaN (cannot take its sign)");
        assertThatThrownBy(() -> BitMatrix.ofSigns(new float[] {1f, 2f, 3f, Float.NaN}, 2, 2))
                .hasMessage("latent[3] is NaN (cannot take its sign)");
        assertThatThrownBy(() -> BitVector.of(new boolean[0])).hasMessage("length must be positive, got 0");
        assertThatThrownBy(() -> BitVector.of((boolean[]) null)).hasMessage("bits must not be null");
        assertThatThrownBy(() -> BitMatrix.of(new boolean[][] {{true}, {true, false}}))
                .hasMessage("bits[1] has length 2, expected 1");
        assertThatThrownBy(() -> BitMatrix.ofSigns(new float[5], 2, 2)).hasMessage("rowMajor has length 5, expected 4");
        assertThatThrownBy(() -> BitMatrix.ofSigns(new float[4], 0, 4)).hasMessage("rows must be positive, got 0");
    }

    @Test
    void signOfZerosInfinitiesAndTinyValues() {
        BitVector v = BitVector.ofSigns(new float[] {-0.0f, 0.0f, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
        assertThat(v.toString()).isEqualTo("BitVector[1x6] +++-+-");
    }

    @Test
    void unpacksWithScaleAndReadsElements() {
        BitVector v = BitVector.ofSigns(new int[] {1, -1, -1, 1, 1});
        float s = (float) (1 / Math.sqrt(5));
        assertThat(v.toFloats(s)).containsExactly(s, -s, -s, s, s);
        assertThat(v.size()).isEqualTo(5);
        assertThat(v.sign(0, 1)).isEqualTo(-1);
        assertThat(v.bit(3)).isTrue();
        BitMatrix m = BitMatrix.ofSigns(new int[] {1, -1, -1, 1}, 2, 2);
        assertThat(m.toFloats(0.5f)).containsExactly(0.5f, -0.5f, -0.5f, 0.5f);
        assertThat(m.rowToFloats(1, 2f)).containsExactly(-2f, 2f);
        assertThatThrownBy(() -> v.bit(5)).hasMessage("column index 5 out of range [0, 5)");
        assertThatThrownBy(() -> m.row(2)).hasMessage("row index 2 out of range [0, 2)");
    }

    @Test
    void derivedLayoutIsComputedOncePerKey() {
        BitMatrix m = BitMatrix.ofSigns(new int[] {1, -1, -1, 1}, 2, 2);
        int[] calls = {0};
        Object first = m.derived("a", x -> new long[++calls[0]]);
        assertThat(m.<Object>derived("a", x -> new long[++calls[0]])).isSameAs(first);
        assertThat(calls[0]).isEqualTo(1);
        assertThat(m.<long[]>derived("b", x -> new long[++calls[0]])).hasSize(2);
        assertThat(m.<long[]>derived("a", x -> new long[++calls[0]])).hasSize(3).isNotSameAs(first);
        assertThatThrownBy(() -> m.derived(null, x -> 1)).hasMessage("key must not be null");
    }

    @Test
    void hammingDistanceCountsDifferingPositions() {
        BitVector a = BitVector.ofSigns(new int[] {1, -1, 1, 1, -1, -1, 1});
        BitVector b = BitVector.ofSigns(new int[] {1, 1, 1, -1, -1, 1, 1});
        assertThat(a.hammingDistance(b)).isEqualTo(3);
        assertThat(a.hammingDistance(a)).isZero();
        assertThatThrownBy(() -> a.hammingDistance(BitVector.ofSigns(new int[] {1}))).hasMessage("other has length 1, expected 7");
    }

    @Test
    void equalityNeedsSameShapeTypeAndBits() {
        BitVector a = BitVector.ofSigns(new int[] {1, -1, 1});
        assertThat(a).isEqualTo(BitVector.ofSigns(new int[] {1, -1, 1}))
                .isNotEqualTo(BitVector.ofSigns(new int[] {1, -1, -1}))
                .isNotEqualTo(BitVector.ofSigns(new int[] {1, -1, 1, -1}))
                .isNotEqualTo(BitMatrix.ofSigns(new int[] {1, -1, 1}, 1, 3))
                .isNotEqualTo(null);
        assertThat(BitMatrix.ofSigns(new int[] {1, -1, 1, 1}, 2, 2)).isNotEqualTo(BitMatrix.ofSigns(new int[] {1, -1, 1, 1}, 1, 4));
    }

    @Test
    void toStringShowsSmallShapesAndAbbreviatesLargeOnes() {
        assertThat(BitMatrix.ofSigns(new int[] {1, -1, -1, 1, 1, 1}, 2, 3).toString()).isEqualTo("BitMatrix[2x3] +-- / +++");
        boolean[][] big = new boolean[20][100];
        big[0][0] = true;
        String s = BitMatrix.of(big).toString();
        assertThat(s).startsWith("BitMatrix[20x100] +" + "-".repeat(63) + "... / ").endsWith(" / ...");
        assertThat(s.split(" / ")).hasSize(17);
    }
}
