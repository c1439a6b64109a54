package dev.bitste.experiments;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Plain-text tables for stdout: the same header and rows an experiment writes as CSV. */
public final class Tables {
    private Tables() {
    }

    /** Prints {@code rows} under {@code header}, columns right-aligned; doubles with 4 significant digits. */
    public static void print(PrintStream out, List<String> header, List<? extends List<?>> rows) {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
        }
        for (List<?> row : rows) {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], cell(row.get(c)).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width);
        for (List<?> row : rows) {
            line(sb, row, width);
        }
        out.print(sb);
        out.flush();
    }

    private static void line(StringBuilder sb, List<?> cells, int[] width) {
        for (int c = 0; c < width.length; c++) {
            String s = cell(cells.get(c));
            sb.append(c == 0 ? "" : "  ").append(" ".repeat(width[c] - s.length())).append(s);
        }
        sb.append('\n');
    }

    static String cell(Object o) {
        if (o instanceof Double d) {
            return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.4g", d);
        }
        return String.valueOf(o);
    }
}
