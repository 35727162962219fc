// The Trends view's charts, drawn by uPlot. This module (and uPlot with it) is loaded only when
// the Trends tab first opens (a dynamic import in trends.ts), so the window's start-up bundle
// doesn't carry it. Colours come from the stylesheet's variables, so the charts follow the
// light or dark theme; they are redrawn when the system switches.
import "./chart-locale";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Trends, TrendSeries } from "../api/types";
import { axisValue, bandSeries, countPoints, dayStamp, type Band } from "../trends-format";

export interface Charts {
  destroy(): void;
}

const HEIGHT = 150;
const BANDS: Band[] = ["green", "yellow", "red"];
const bars = uPlot.paths.bars;
const BAND_NAMES: Record<Band, string> = { green: "Green", yellow: "Yellow", red: "Red" };

interface Palette extends Record<Band, string> {
  text: string;
  grid: string;
  line: string;
  average: string;
}

function palette(el: Element): Palette {
  const style = getComputedStyle(el);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: v("--muted", "#5a5f68"),
    grid: v("--border", "#d6d9df"),
    line: v("--accent", "#2450d8"),
    average: v("--text", "#1b1c1f"),
    green: v("--band-green", "#1f9d3a"),
    yellow: v("--band-yellow", "#c99400"),
    red: v("--band-red", "#d92d20"),
  };
}

/** What one chart plots: the x values, the day's numbers (for recovery, one array per band),
 * and the 7-day average last. */
function plotted(trends: Trends, series: TrendSeries): uPlot.AlignedData {
  const x = trends.days.map(dayStamp);
  if (series.key === "recovery_score") {
    const bands = bandSeries(series.values);
    return [x, ...BANDS.map((b) => bands[b]), series.average];
  }
  return [x, series.values, series.average];
}

/** The points a chart holds: the days' numbers it was given, the average line aside. */
function pointsOf(u: uPlot): number {
  return u.data.slice(1, -1).reduce((sum, values) => sum + countPoints(Array.from(values as ArrayLike<number | null | undefined>)), 0);
}

function options(trends: Trends, series: TrendSeries, width: number, colours: Palette): uPlot.Options {
  const days = trends.days.length;
  const shown = (index: number) => (_u: uPlot, v: number | null, _s: number, i: number | null) =>
    v === null || i === null ? "–" : (index === 0 ? series.display[i] : series.averageDisplay[i]) ?? "–";
  const average: uPlot.Series = {
    label: "7-day average",
    stroke: colours.average,
    width: 1.5,
    dash: [5, 3],
    points: { show: false },
    value: shown(1),
  };
  const valueSeries: uPlot.Series[] = series.key === "recovery_score"
    ? BANDS.map((b) => ({
      label: BAND_NAMES[b],
      stroke: colours[b],
      fill: colours[b],
      width: 0,
      ...(bars ? { paths: bars({ size: [0.7, 14, 1] }) } : {}),
      points: { show: false },
      value: shown(0),
    }))
    : [{
      label: series.label,
      stroke: colours.line,
      width: 1.5,
      spanGaps: false,
      // Always drawn (smaller over a year): a day between two gaps is only a point.
      points: { show: true, size: days <= 120 ? 5 : 3, fill: colours.line, stroke: colours.line },
      value: shown(0),
    }];
  const axis = { stroke: colours.text, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid, width: 1 } };
  return {
    width,
    height: HEIGHT,
    scales: {
      x: { time: true },
      y: series.unit === "%" ? { range: [0, 100] } : {},
    },
    series: [{ label: "Day", value: "{WWW} {D} {MMM}" }, ...valueSeries, average],
    axes: [
      { ...axis, space: 50 },
      { ...axis, size: 52, values: (_u, splits) => splits.map((v) => axisValue(series, v)) },
    ],
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false } },
  };
}

/** Draws one chart per series into the figures `figureFor` gives, and writes on each figure
 * how many points it drew (`data-points`) over how many days (`data-days`). */
export function drawCharts(trends: Trends, figureFor: (series: TrendSeries) => HTMLElement | null): Charts {
  const plots: { u: uPlot; box: HTMLElement }[] = [];
  const observers: ResizeObserver[] = [];
  const dark = matchMedia("(prefers-color-scheme: dark)");

  function draw(): void {
    for (const series of trends.series) {
      const figure = figureFor(series);
      const box = figure?.querySelector<HTMLElement>(".chart");
      if (!figure || !box) continue;
      const data = plotted(trends, series);
      box.replaceChildren();
      const width = Math.max(200, Math.floor(box.clientWidth || 500));
      const u = new uPlot(options(trends, series, width, palette(figure)), data, box);
      plots.push({ u, box });
      figure.dataset.points = String(pointsOf(u));
      figure.dataset.days = String(u.data[0].length);
      figure.dataset.drawn = "true";
    }
  }

  function clear(): void {
    for (const { u } of plots.splice(0)) u.destroy();
  }

  const redraw = () => { clear(); draw(); };
  draw();
  dark.addEventListener("change", redraw);
  if (typeof ResizeObserver !== "undefined") {
    for (const { box } of plots) {
      const observer = new ResizeObserver(() => {
        const plot = plots.find((p) => p.box === box);
        const width = Math.floor(box.clientWidth);
        if (plot && width > 0 && Math.abs(plot.u.width - width) > 1) plot.u.setSize({ width, height: HEIGHT });
      });
      observer.observe(box);
      observers.push(observer);
    }
  }

  return {
    destroy() {
      dark.removeEventListener("change", redraw);
      for (const o of observers.splice(0)) o.disconnect();
      clear();
    },
  };
}
