package dev.bitste.cli;

import dev.bitste.data.FashionMnist;
import dev.bitste.data.LabeledImages;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The real-data options shared by train, infer and experiment fogzo ({@code @Mixin}). */
final class DatasetOptions {
    @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "Dataset (only fashion-mnist).")
    String dataset;

    @Option(names = "--data", description = "Directory of the IDX files (default: ${DEFAULT-VALUE}).",
            defaultValue = FashionMnist.DEFAULT_DIR)
    Path data;

    private void check() {
        if (!dataset.equals("fashion-mnist")) {
            throw new IllegalArgumentException("dataset '" + dataset + "' unknown (only fashion-mnist)");
        }
    }

    /** Checks that an architecture fits the dataset's images and classes. */
    void checkArch(int[] sizes, String arch) {
        check();
        if (sizes[0] != FashionMnist.PIXELS || sizes[sizes.length - 1] != FashionMnist.CLASSES) {
            throw new IllegalArgumentException("arch " + arch + " must start with " + FashionMnist.PIXELS
                    + " and end with " + FashionMnist.CLASSES + " for " + dataset);
        }
    }

    LabeledImages train() {
        check();
        return FashionMnist.train(data);
    }

    LabeledImages test() {
        check();
        return FashionMnist.test(data);
    }
}
