package dev.bitste.nn;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitTensor;
import dev.bitste.bits.ConvFilters;
import dev.bitste.bits.PackedBits;
import dev.bitste.kernels.ConvShape;
import dev.bitste.kernels.PadValue;
import dev.bitste.util.FileFormatException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Version 2 of the model file: a {@link PackedCnn} (docs/model-format.md). After the magic and the version: the input
 * shape, the pixel bits, the number of blocks and one fixed-size descriptor per block (so the file's size is known
 * before any weight is read), then per block the weight scale, the batch norm and the packed weights, then the
 * CRC-32. {@link ModelFile} reads the magic and version and hands the rest of a version-2 header to {@link Header}.
 */
final class CnnModelFile {
    static final int VERSION = 2;
    static final int MAX_BLOCKS = 64;
    static final int MAX_SIDE = 1 << 12;
    static final int MAX_CHANNELS = 1 << 16;
    /** u32 fields of a block descriptor. */
    static final int DESCRIPTOR_INTS = 9;
    /** The longest header: {@link #MAX_BLOCKS} descriptors. */
    static final int MAX_HEADER_BYTES = (int) headerBytes(MAX_BLOCKS);

    private CnnModelFile() {
    }

    /** Words per output channel: per tap, the channel words (conv); the flattened input's bits (dense). */
    private static int rowWords(CnnStage s) {
        return s.kind() == CnnStage.Kind.DENSE ? PackedBits.wordsFor(s.in().size())
                : s.kernel() * s.kernel() * BitTensor.channelWords(s.in().channels());
    }

    private static long payloadBytes(CnnStage s) {
        return 4 + 16L * s.out() + 8L * s.out() * rowWords(s);
    }

    private static long headerBytes(int blocks) {
        return 4L * (2 + 4 + 1 + blocks * DESCRIPTOR_INTS);
    }

    static byte[] toBytes(PackedCnn model) {
        long size = headerBytes(model.blocks()) + 4;
        for (int b = 0; b < model.blocks(); b++) {
            size += payloadBytes(model.stage(b));
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size));
        FeatureShape in = model.input();
        buf.putInt(ModelFile.MAGIC).putInt(VERSION).putInt(in.height()).putInt(in.width()).putInt(in.channels())
                .putInt(8).putInt(model.blocks());
        for (int b = 0; b < model.blocks(); b++) {
            CnnStage s = model.stage(b);
            buf.putInt(s.kind().ordinal()).putInt(s.out()).putInt(s.kernel()).putInt(s.stride())
                    .putInt(s.padding().ordinal()).putInt(s.pad().ordinal()).putInt(s.poolKernel()).putInt(s.poolStride())
                    .putInt(s.sign() ? 1 : 0);
        }
        for (int b = 0; b < model.blocks(); b++) {
            CnnStage s = model.stage(b);
            buf.putFloat(s.scale());
            BatchNorm bn = s.norm();
            for (float[] v : new float[][] {bn.gamma(), bn.beta(), bn.mean(), bn.var()}) {
                for (float f : v) {
                    buf.putFloat(f);
                }
            }
            long[] words = s.kind() == CnnStage.Kind.DENSE ? denseWords(s) : s.filters().words();
            for (long w : words) {
                buf.putLong(w);
            }
        }
        buf.putInt((int) ModelFile.crc(buf.array(), (int) size - 4));
        return buf.array();
    }

    private static long[] denseWords(CnnStage s) {
        BitMatrix m = BitMatrix.ofSigns(s.signs(), s.out(), s.in().size());
        long[] words = new long[s.out() * m.wordsPerRow()];
        for (int j = 0; j < s.out(); j++) {
            System.arraycopy(m.rowWords(j), 0, words, j * m.wordsPerRow(), m.wordsPerRow());
        }
        return words;
    }

    /** One block's descriptor as read, before its shape is known to fit. */
    private record Descriptor(int kind, int out, int kernel, int stride, int padding, int pad, int poolKernel,
            int poolStride, int sign) {
    }

    /**
     * A version-2 header: the input shape and the block descriptors, checked, and the blocks' shapes they give (with
     * placeholder weights and statistics); {@code fileBytes} is the length of the whole file they imply.
     */
    record Header(FeatureShape input, List<Descriptor> descriptors, List<CnnStage> shapes, long fileBytes)
            implements ModelFile.FileHeader {

        /** Parses the rest of a version-2 header (after the magic and the version). */
        static Header parse(ByteBuffer buf, String source) {
            int height = bounded(source, "input height", buf.getInt(), MAX_SIDE);
            int width = bounded(source, "input width", buf.getInt(), MAX_SIDE);
            int channels = bounded(source, "input channels", buf.getInt(), MAX_CHANNELS);
            int pixelBits = buf.getInt();
            if (pixelBits != 8) {
                throw new FileFormatException(source + " declares " + pixelBits + "-bit pixels (only 8)");
            }
            int blocks = bounded(source, "blocks", buf.getInt(), MAX_BLOCKS);
            List<Descriptor> descriptors = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                descriptors.add(new Descriptor(buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt(),
                        buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt()));
            }
            FeatureShape input = new FeatureShape(height, width, channels);
            List<CnnStage> shapes = new ArrayList<>();
            FeatureShape in = input;
            long fileBytes = headerBytes(blocks) + 4;
            for (int b = 0; b < blocks; b++) {
                CnnStage s = stage(descriptors.get(b), in, 1f, null, null, source, b);
                shapes.add(s);
                fileBytes += payloadBytes(s);
                in = s.output();
            }
            return new Header(input, descriptors, shapes, fileBytes);
        }

        @Override
        public String describe() {
            return shapes.size() + " blocks, " + input + ": "
                    + shapes.stream().map(CnnStage::label).collect(Collectors.joining(" "));
        }

        @Override
        public PackedModel decode(byte[] bytes, String source) {
            ByteBuffer buf = ByteBuffer.wrap(bytes, (int) headerBytes(shapes.size()),
                    bytes.length - (int) headerBytes(shapes.size()));
            List<CnnStage> stages = new ArrayList<>();
            for (int b = 0; b < shapes.size(); b++) {
                CnnStage s = shapes.get(b);
                float scale = buf.getFloat();
                float[][] bn = new float[4][s.out()];
                for (float[] v : bn) {
                    for (int j = 0; j < v.length; j++) {
                        v[j] = buf.getFloat();
                    }
                }
                long[] words = new long[s.out() * rowWords(s)];
                for (int i = 0; i < words.length; i++) {
                    words[i] = buf.getLong();
                }
                stages.add(stage(descriptors.get(b), s.in(), scale, new BatchNorm(bn[0], bn[1], bn[2], bn[3]), words,
                        source, b));
            }
            try {
                return new PackedCnn(stages);
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(source + ": " + e.getMessage(), e);
            }
        }
    }

    private static int bounded(String source, String what, int value, int max) {
        if (value < 1 || value > max) {
            throw new FileFormatException(source + " declares " + what + " " + value + " (1.." + max
                    + "; corrupt header?)");
        }
        return value;
    }

    /**
     * Block b from its descriptor and input shape; {@code words} null gives a placeholder of the right shape (weights
     * +1, unit batch norm). Any inconsistency is rejected naming the file and the block.
     */
    private static CnnStage stage(Descriptor d, FeatureShape in, float scale, BatchNorm norm, long[] words, String source,
            int b) {
        try {
            CnnStage.Kind[] kinds = CnnStage.Kind.values();
            if (d.kind() < 0 || d.kind() >= kinds.length) {
                throw new IllegalArgumentException("kind " + d.kind() + " (0 pixels, 1 binary, 2 dense)");
            }
            if (d.padding() < 0 || d.padding() > 1 || d.pad() < 0 || d.pad() > 1 || d.sign() < 0 || d.sign() > 1) {
                throw new IllegalArgumentException("padding " + d.padding() + ", pad value " + d.pad() + ", sign "
                        + d.sign() + " (each 0 or 1)");
            }
            CnnStage.Kind kind = kinds[d.kind()];
            int out = bounded(source, "block " + b + " outputs", d.out(), MAX_CHANNELS);
            if (kind != CnnStage.Kind.DENSE) {
                ConvFilters.checkKernel(d.kernel());
            }
            int fanIn = kind == CnnStage.Kind.DENSE ? in.size() : d.kernel() * d.kernel() * in.channels();
            int[] signs = new int[Math.multiplyExact(out, fanIn)];
            if (words == null) {
                java.util.Arrays.fill(signs, 1);
            } else if (kind == CnnStage.Kind.DENSE) {
                BitMatrix m = BitMatrix.ofWords(words, out, in.size());
                for (int j = 0; j < out; j++) {
                    for (int i = 0; i < fanIn; i++) {
                        signs[j * fanIn + i] = m.sign(j, i);
                    }
                }
            } else {
                signs = ConvFilters.ofWords(words, out, d.kernel(), in.channels()).values();
            }
            BatchNorm bn = norm != null ? norm : new BatchNorm(ones(out), new float[out], new float[out], ones(out));
            return new CnnStage(kind, in, d.kernel(), d.stride(), ConvShape.Padding.values()[d.padding()],
                    PadValue.values()[d.pad()], out, scale, bn, signs, d.poolKernel(), d.poolStride(), d.sign() == 1);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new FileFormatException(source + ": block " + b + ": " + e.getMessage(), e);
        }
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        return v;
    }
}
