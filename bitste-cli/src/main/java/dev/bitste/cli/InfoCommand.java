package dev.bitste.cli;

import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.KernelProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Prints which kernels this JVM uses and what it could use. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show the JVM, the kernel implementation in use and the available ones.")
final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("java         " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        System.out.println("os/arch      " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println("vector API   " + (KernelChoice.vectorModulePresent()
                ? "present, widest species " + KernelChoice.maxVectorBits() + " bits" : "absent"));
        System.out.println("kernels      " + KernelProvider.get().name());
        System.out.println("available    " + KernelChoice.available());
        return 0;
    }
}
