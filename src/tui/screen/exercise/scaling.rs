//! The scaling chart: measured speedup per worker count, the ideal line
//! (speedup = workers) and the curve of Amdahl's law fitted to the points,
//! carried on past the measured counts to show where it levels off. Under
//! it, the figures as a table and how far the fit can be trusted. With
//! fewer than three worker counts there is no fit: the points and the
//! ideal line, and a line that says a fit needs more counts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, LegendPosition, Paragraph, Wrap};

use crate::check::ScalingReport;
use crate::grader::scaling::amdahl_speedup;
use crate::tui::view::theme::Theme;

/// The chart's three series and its axis bounds.
#[derive(Debug, PartialEq)]
pub struct Series {
    pub measured: Vec<(f64, f64)>,
    pub ideal: Vec<(f64, f64)>,
    /// Empty when no serial fraction could be fitted.
    pub amdahl: Vec<(f64, f64)>,
    pub x_max: f64,
    pub y_max: f64,
}

/// Pure: the series to draw for `report`. The x axis runs to twice the most
/// workers measured (at least 4), so the fitted curve shows its bend.
pub fn series(report: &ScalingReport) -> Series {
    let most = report.points.iter().map(|p| p.workers).max().unwrap_or(1);
    let x_max = (most * 2).max(4) as f64;
    let measured: Vec<(f64, f64)> = report
        .points
        .iter()
        .map(|p| (p.workers as f64, p.speedup))
        .collect();
    let ideal = vec![(1.0, 1.0), (x_max, x_max)];
    let steps = 64;
    let amdahl = report
        .serial_fraction
        .map(|f| {
            (0..=steps)
                .map(|i| {
                    let p = 1.0 + (x_max - 1.0) * f64::from(i) / f64::from(steps);
                    (p, 1.0 / (f + (1.0 - f) / p))
                })
                .collect()
        })
        .unwrap_or_default();
    let top = measured.iter().map(|&(_, s)| s).fold(x_max, f64::max);
    Series {
        measured,
        ideal,
        amdahl,
        x_max,
        y_max: top.ceil(),
    }
}

/// The figures under the chart.
pub fn table(report: &ScalingReport, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{:>7} {:>9} {:>8} {:>10} {:>7}",
            "workers", "seconds", "speedup", "efficiency", "Amdahl"
        ),
        theme.dim(),
    ))];
    for p in &report.points {
        let fit = report
            .serial_fraction
            .map(|f| format!("{:.2}x", amdahl_speedup(f, p.workers)))
            .unwrap_or_default();
        lines.push(Line::raw(format!(
            "{:>7} {:>9.3} {:>7.2}x {:>9.0}% {:>7}",
            p.workers,
            p.seconds,
            p.speedup,
            p.efficiency * 100.0,
            fit
        )));
    }
    lines.push(Line::raw(crate::grader::scaling::fit_summary(
        &report.points,
        report.fit.as_ref(),
    )));
    let load = report
        .load_average
        .map(|l| format!("; load average {l:.2}"))
        .unwrap_or_default();
    lines.push(Line::from(Span::styled(
        format!(
            "Serial baseline {:.3} s on {}{load}. s: measure again.",
            report.baseline_seconds,
            crate::grader::counted(report.cores, "core", "cores")
        ),
        theme.dim(),
    )));
    lines
}

pub fn draw(frame: &mut Frame, area: Rect, report: &ScalingReport, theme: Theme) {
    let block = Block::bordered().title(format!(" Scaling: {} ", report.variant.name()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let table = table(report, theme);
    let width = usize::from(inner.width.max(1));
    let table_rows: u16 = table
        .iter()
        .map(|l| l.width().max(1).div_ceil(width) as u16)
        .sum();
    if inner.height < table_rows + 8 {
        frame.render_widget(Paragraph::new(table).wrap(Wrap { trim: false }), inner);
        return;
    }
    let [chart_area, table_area] =
        Layout::vertical([Constraint::Min(8), Constraint::Length(table_rows)]).areas(inner);
    let s = series(report);
    let color = |c: Color| if theme.color { c } else { Color::Reset };
    let amdahl_name = report
        .serial_fraction
        .map(|f| format!("Amdahl, f = {:.2}", f))
        .unwrap_or_default();
    let mut datasets = vec![
        Dataset::default()
            .name("ideal")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme_fg(theme, color(Color::DarkGray)))
            .data(&s.ideal),
    ];
    if !s.amdahl.is_empty() {
        datasets.push(
            Dataset::default()
                .name(amdahl_name)
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme_fg(theme, color(Color::Yellow)))
                .data(&s.amdahl),
        );
    }
    datasets.push(
        Dataset::default()
            .name("measured")
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(theme_fg(theme, color(Color::Green)))
            .data(&s.measured),
    );
    let x_labels = axis_labels(0.0, s.x_max / 2.0, s.x_max);
    let y_labels = axis_labels(0.0, s.y_max / 2.0, s.y_max);
    let chart = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .title("workers")
                .bounds([0.0, s.x_max])
                .labels(x_labels),
        )
        .y_axis(
            Axis::default()
                .title("speedup")
                .bounds([0.0, s.y_max])
                .labels(y_labels),
        )
        .legend_position(Some(LegendPosition::TopLeft))
        .hidden_legend_constraints((Constraint::Percentage(60), Constraint::Percentage(60)));
    frame.render_widget(chart, chart_area);
    frame.render_widget(Paragraph::new(table).wrap(Wrap { trim: false }), table_area);
}

fn theme_fg(theme: Theme, color: Color) -> ratatui::style::Style {
    if theme.color {
        ratatui::style::Style::new().fg(color)
    } else {
        ratatui::style::Style::new()
    }
}

/// Three labels, evenly spaced as the chart places them: `mid` must be
/// halfway. Whole numbers where they are.
fn axis_labels(low: f64, mid: f64, high: f64) -> Vec<String> {
    [low, mid, high]
        .iter()
        .map(|v| {
            if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                format!("{v:.1}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grader::scaling::Point;
    use crate::runner::Variant;

    fn report(fraction: Option<f64>) -> ScalingReport {
        ScalingReport {
            id: "threads/pi".into(),
            variant: Variant::Reference,
            cores: 2,
            baseline_seconds: 1.0,
            points: vec![Point::new(1, 1.02, 1.0), Point::new(2, 0.53, 1.0)],
            serial_fraction: fraction,
            fit: None,
            load_average: Some(0.3),
        }
    }

    #[test]
    fn series_run_past_the_measured_counts_and_fit_the_ideal() {
        let s = series(&report(Some(0.05)));
        assert_eq!(s.x_max, 4.0);
        assert_eq!(s.ideal, vec![(1.0, 1.0), (4.0, 4.0)]);
        assert_eq!(s.measured.len(), 2);
        assert!((s.measured[1].1 - 1.0 / 0.53).abs() < 1e-12);
        let (first, last) = (s.amdahl[0], *s.amdahl.last().unwrap());
        assert_eq!(first, (1.0, 1.0));
        assert!((last.1 - amdahl_speedup(0.05, 4)).abs() < 1e-12);
        assert!(s.y_max >= 4.0);
    }

    #[test]
    fn no_fit_draws_no_curve_and_says_why() {
        let r = report(None);
        assert!(series(&r).amdahl.is_empty());
        let text: Vec<String> = table(&r, Theme { color: false })
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert!(
            text.iter()
                .any(|l| l.contains("needs 3 worker counts or more")),
            "{text:?}"
        );
        assert!(!text.iter().any(|l| l.contains("serial fraction of")));
    }
}
