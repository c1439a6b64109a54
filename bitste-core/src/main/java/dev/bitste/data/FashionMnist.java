package dev.bitste.data;

import dev.bitste.util.Checks;
import dev.bitste.util.FileFormatException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (28 x 28 grey images, 10 classes; 60 000 training and 10 000 test images) from its four IDX
 * files, as installed by Debian's {@code dataset-fashion-mnist} package.
 */
public final class FashionMnist {
    /** Where {@code apt-get install dataset-fashion-mnist} puts the files (Debian's data-set location). */
    public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
    public static final int CLASSES = 10;
    public static final int PIXELS = 28 * 28;
    public static final String INSTALL_HINT = "install it with `sudo apt-get install dataset-fashion-mnist` "
            + "(Debian/Ubuntu) or put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
            + "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (gzipped or not) in a directory "
            + "and pass --data DIR";

    private FashionMnist() {
    }

    /** The training split (60 000 images) from {@code dir}. */
    public static LabeledImages train(Path dir) {
        return load(dir, "train");
    }

    /** The test split (10 000 images) from {@code dir}. */
    public static LabeledImages test(Path dir) {
        return load(dir, "t10k");
    }

    /** Split {@code prefix} ({@code train} or {@code t10k}) of an MNIST-format directory. */
    public static LabeledImages load(Path dir, String prefix) {
        Checks.notNull("dir", dir);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Fashion-MNIST directory " + dir + " does not exist: " + INSTALL_HINT);
        }
        IdxReader.IdxArray images = IdxReader.read(find(dir, prefix + "-images-idx3-ubyte"), 3);
        Path labelFile = find(dir, prefix + "-labels-idx1-ubyte");
        IdxReader.IdxArray labels = IdxReader.read(labelFile, 1);
        if (images.count() != labels.count()) {
            throw new FileFormatException("Fashion-MNIST " + prefix + " split in " + dir + " has "
                    + images.count() + " images but " + labels.count() + " labels");
        }
        if (images.itemSize() != PIXELS) {
            throw new FileFormatException("Fashion-MNIST " + prefix + " images in " + dir + " are "
                    + images.dims()[1] + " x " + images.dims()[2] + ", expected 28 x 28");
        }
        byte[] l = labels.data();
        for (int i = 0; i < l.length; i++) {
            if (l[i] < 0 || l[i] >= CLASSES) {
                throw new FileFormatException("Fashion-MNIST labels " + labelFile + ": label " + i + " is "
                        + Byte.toUnsignedInt(l[i]) + ", outside 0.." + (CLASSES - 1));
            }
        }
        return new LabeledImages(images.data(), l, images.count(), PIXELS, CLASSES);
    }

    private static Path find(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        if (Files.exists(gz)) {
            return gz;
        }
        Path plain = dir.resolve(base);
        if (Files.exists(plain)) {
            return plain;
        }
        throw new IllegalArgumentException("Fashion-MNIST file " + gz + " (or " + plain.getFileName()
                + ") is missing: " + INSTALL_HINT);
    }
}
