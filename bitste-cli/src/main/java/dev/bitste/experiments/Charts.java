package dev.bitste.experiments;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The line charts the experiments draw, in one style. */
public final class Charts {
    private Charts() {
    }

    /** An empty 900 x 560 line chart with a title, axis titles and the legend outside the plot. */
    public static XYChart lines(String title, String xAxis, String yAxis) {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xAxis).yAxisTitle(yAxis)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }
}
