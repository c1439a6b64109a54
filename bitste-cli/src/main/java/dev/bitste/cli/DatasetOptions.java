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

    /** The training images, the first {@code limit} if given, split into training and validation. */
    record Split(LabeledImages train, LabeledImages validation) {
    }

    /**
     * The training images (the first {@code limit} when not null) with the last {@code held} held out for validation
     * (none when {@code held} is 0).
     */
    Split split(Integer limit, int held) {
        dev.bitste.util.Checks.nonNegative("validation", held);
        LabeledImages all = train();
        if (limit != null) {
            all = all.limit(limit);
        }
        if (held >= all.count()) {
            throw new IllegalArgumentException("validation " + held + " leaves no training images of " + all.count());
        }
        return held == 0 ? new Split(all, null)
                : new Split(all.range(0, all.count() - held), all.range(all.count() - held, held));
    }

    LabeledImages test() {
        check();
        return FashionMnist.test(data);
    }
}
