"""The explorable page: Bokeh figures linked to two sliders through one CustomJS callback.

Why Bokeh: it writes one standalone HTML file with its JavaScript inlined (``INLINE``
resources: no server, no network), its sliders run ``CustomJS`` in the page, and its data
sources carry numpy arrays as binary (float32 here), so hundreds of precomputed states stay a
few MB. Plotly's sliders step through frames along one dimension only; the page needs two
(alpha and l1_ratio) acting together.

The callback only *selects* precomputed arrays (:class:`bayesreg.explore.ExploreData`); all
arithmetic happened in Python.
"""

from __future__ import annotations

import html

import numpy as np

__all__ = ["build_layout", "page_html", "state_key", "status_html"]

#: Models on the page that the browser test looks up with ``Bokeh.documents[0].get_model_by_name``.
ALPHA_SLIDER, L1_SLIDER, STATUS = "alpha_slider", "l1_ratio_slider", "status"

_JS = """
const lo = alpha_slider.start, step = alpha_slider.step;
const j = Math.min(n_alphas - 1, Math.max(0, Math.round((alpha_slider.value - lo) / step)));
let i = 0;
for (let k = 1; k < l1_ratios.length; k++)
  if (Math.abs(l1_ratios[k] - l1_slider.value) < Math.abs(l1_ratios[i] - l1_slider.value)) i = k;
const key = i + "_" + j;
for (let k = 0; k < targets.length; k++) {
  const src = targets[k], store = stores[k];
  const data = Object.assign({}, src.data);
  for (const f of fields[k]) data[f] = store.data[f + "|" + key];
  src.data = data;
}
span.location = alphas[j];
status.text = texts[key];
"""


def state_key(i: int, j: int) -> str:
    """The key of state ``(i_l1_ratio, j_alpha)`` in the page's stores."""
    return f"{i}_{j}"


def _f32(a):
    """float32 for the page (binary in Bokeh's JSON); a 2-D array becomes a list of rows (multi_line)."""
    a = np.ascontiguousarray(a, dtype=np.float32)
    return list(a) if a.ndim == 2 else a


def status_html(data, i: int, j: int) -> str:
    """The status line of state ``(i, j)``: alpha in both conventions and the zero counts.

    The browser test reads the numbers back from the page (``bayesreg-zeros`` spans).
    """
    a, rho, n, p = float(data.alphas[j]), float(data.l1_ratios[i]), data.n_samples, len(data.feature_names)
    zeros = data.n_zeros(i, j)
    med_zeros = int(np.sum(data.median[i, j] == 0.0))
    if rho == 1.0:
        twin = f"Lasso(alpha={a:.4g})"
    elif rho == 0.0:
        twin = f"Ridge(alpha = n &middot; alpha = {n} &times; {a:.4g} = {n * a:.4g})"
    else:
        twin = f"ElasticNet(alpha={a:.4g}, l1_ratio={rho:g})"
    return (
        f"<div style='font-size:14px;line-height:1.5'>"
        f"<b>alpha = {a:.4g}</b>, <b>l1_ratio = {rho:g}</b> &nbsp;(scikit-learn twin: {twin})<br>"
        f"MAP exact zeros: <span class='bayesreg-zeros'>{zeros}</span> of {p} &nbsp;|&nbsp; "
        f"posterior-median exact zeros: <span class='bayesreg-median-zeros'>{med_zeros}</span> of {p} "
        f"&nbsp;(the mode can be sparse; the posterior is not)<br>"
        f"orthogonal panel: soft threshold n&middot;alpha&middot;l1_ratio / x'x = {n * a * rho / data.gram:.4g}, "
        f"then proportional shrinkage by x'x / (x'x + n&middot;alpha&middot;(1 &minus; l1_ratio)) = "
        f"{data.gram / (data.gram + n * a * (1 - rho)):.3g}</div>"
    )


def _linked(targets, stores, fields, source, store, names):
    targets.append(source)
    stores.append(store)
    fields.append(list(names))


def _legend_below(fig, ncols=2):
    """Move the figure's legend under the plot, so that it never hides data."""
    legend = fig.legend[0]
    legend.ncols = ncols
    legend.label_text_font_size = "9pt"
    legend.padding = 2
    legend.spacing = 0
    fig.add_layout(legend, "below")


def build_layout(data):
    """The Bokeh layout of the page for an :class:`~bayesreg.explore.ExploreData`.

    Returns
    -------
    bokeh.models.LayoutDOM
    """
    from bokeh.layouts import column, row
    from bokeh.models import BasicTickFormatter, ColumnDataSource, CustomJS, Div, Slider, Span
    from bokeh.palettes import Category10_10, Category20_20
    from bokeh.plotting import figure

    n_l1, n_a, p = data.map_coef.shape
    i0 = int(np.argmin(np.abs(data.l1_ratios - 1.0)))  # start at the lasso: the zeros are the point
    j0 = n_a // 2
    keys = [(i, j) for i in range(n_l1) for j in range(n_a)]
    palette = Category10_10 if p <= 10 else Category20_20
    colors = [palette[k % len(palette)] for k in range(p)]
    names = list(data.feature_names)
    log_alphas = np.log10(data.alphas)
    targets, stores, fields = [], [], []

    def store_of(columns):
        return ColumnDataSource({f"{name}|{state_key(i, j)}": _f32(fn(i, j)) for name, fn in columns.items()
                                 for i, j in keys})

    def state(columns, i=i0, j=j0):
        return {name: _f32(fn(i, j)) for name, fn in columns.items()}

    def link(columns, extra=None):
        src = ColumnDataSource({**state(columns), **(extra or {})})
        _linked(targets, stores, fields, src, store_of(columns), columns)
        return src

    tools = "pan,wheel_zoom,box_zoom,reset,save"
    opts = dict(tools=tools, toolbar_location="above")
    # Geometry: the two-feature model at the same (alpha, l1_ratio).
    a_name, b_name = data.pair
    geo = figure(title=f"{a_name} and {b_name} alone: set meets ellipse",
                 width=390, height=400, match_aspect=True, **opts, x_axis_label=f"w[{a_name}]",
                 y_axis_label=f"w[{b_name}]")
    geo.multi_line([c[:, 0] for c in data.geo_contours], [c[:, 1] for c in data.geo_contours], color="#aaaaaa",
                   line_width=1)
    region = link({"x": lambda i, j: data.geo_boundary[i, j, :, 0], "y": lambda i, j: data.geo_boundary[i, j, :, 1]})
    geo.patch("x", "y", source=region, fill_color="#1f77b4", fill_alpha=0.3, line_color="#1f77b4", line_width=2,
              legend_label="constraint set c(w) <= c(MAP)")
    ell = link({"x": lambda i, j: data.geo_ellipse[i, j, :, 0], "y": lambda i, j: data.geo_ellipse[i, j, :, 1]})
    geo.line("x", "y", source=ell, color="#d62728", line_width=2, legend_label="loss ellipse through the MAP")
    gpath = link({"x": lambda i, j: data.geo_touch[i, :, 0], "y": lambda i, j: data.geo_touch[i, :, 1]})
    geo.line("x", "y", source=gpath, color="black", line_dash="dotted", legend_label="MAP path (all alphas)")
    tp = link({"x": lambda i, j: data.geo_touch[i, j, :1], "y": lambda i, j: data.geo_touch[i, j, 1:]})
    geo.scatter("x", "y", source=tp, size=10, color="#d62728", legend_label="MAP = touching point")
    geo.scatter([data.geo_ols[0]], [data.geo_ols[1]], marker="cross", size=14, color="black", line_width=2,
                legend_label="least squares")
    _legend_below(geo)

    # Prior density and penalty of one weight.
    prior = link({"w": lambda i, j: data.prior_w[i, j], "density": lambda i, j: data.prior_density[i, j],
                  "penalty": lambda i, j: data.prior_penalty[i, j]})
    pr = figure(title=f"Prior p(w | sigma = {data.sigma:.3g})", width=300, height=200, **opts,
                x_axis_label="weight w (units of the coefficients)", y_axis_label="density")
    pr.line("w", "density", source=prior, color="#2ca02c", line_width=2)
    pen = figure(title="Penalty = -log prior + c (nats)", width=300, height=200, **opts,
                 x_range=pr.x_range, x_axis_label="weight w", y_axis_label="nats")
    pen.line("w", "penalty", source=prior, color="#ff7f0e", line_width=2)
    for fig in (pr, pen):
        fig.xaxis.ticker.desired_num_ticks = 4
    pr.yaxis.formatter = BasicTickFormatter(use_scientific=True, power_limit_low=-2)

    # MAP paths of every feature, the selected alpha, the MAP and posterior median there.
    paths = figure(title="MAP paths; selected alpha: MAP (x), median (o)",
                   width=620, height=400, x_axis_type="log", **opts,
                   x_axis_label="alpha (ElasticNet's units, log scale; stronger penalty to the right)",
                   y_axis_label="coefficient")
    lines = link({"ys": lambda i, j: data.map_coef[i].T}, extra={"xs": [_f32(data.alphas)] * p, "color": colors,
                                                                  "name": names})
    paths.multi_line("xs", "ys", source=lines, color="color", line_width=2)
    at = link({"map": lambda i, j: data.map_coef[i, j], "median": lambda i, j: data.median[i, j],
               "lower": lambda i, j: data.lower[i, j], "upper": lambda i, j: data.upper[i, j],
               "mean": lambda i, j: data.mean[i, j],
               "x": lambda i, j: np.full(p, data.alphas[j])},
              extra={"color": colors, "name": names})
    paths.scatter("x", "map", source=at, marker="x", size=11, line_width=2, color="color")
    paths.scatter("x", "median", source=at, size=7, fill_color="white", line_color="color", line_width=2)
    span = Span(location=float(data.alphas[j0]), dimension="height", line_color="black", line_dash="dashed")
    paths.add_layout(span)

    # Forest at the selected alpha: band, median, mean, MAP.
    level = f"{data.level:.0%}"
    forest = figure(title=f"Selected alpha: {level} band, median, mean, MAP",
                    width=470, height=400, y_range=names[::-1], **opts, x_axis_label="coefficient")
    at.data["feature"] = names
    forest.segment("lower", "feature", "upper", "feature", source=at, line_width=4, color="color", alpha=0.5,
                   legend_label=f"{level} band")
    forest.scatter("median", "feature", source=at, marker="dash", size=14, line_width=2, color="black",
                   legend_label="posterior median")
    forest.scatter("mean", "feature", source=at, size=6, color="color", legend_label="posterior mean")
    forest.scatter("map", "feature", source=at, marker="x", size=11, line_width=2, color="#d62728",
                   legend_label="MAP")
    forest.add_layout(Span(location=0, dimension="height", line_color="#999999"))
    _legend_below(forest)

    # Orthogonal-design shrinkage: MAP vs posterior mean.
    shr = link({"map": lambda i, j: data.shrink_map[i, j], "mean": lambda i, j: data.shrink_mean[i, j]},
               extra={"z": _f32(data.shrink_z)})
    sh = figure(title=f"Orthogonal design, x'x = {data.gram:.3g}",
                width=380, height=400, match_aspect=True, **opts,
                x_axis_label="least-squares estimate z (coefficient units)",
                y_axis_label="estimate of w")
    sh.line(data.shrink_z, data.shrink_z, color="#aaaaaa", legend_label="z (no shrinkage)")
    sh.line("z", "map", source=shr, color="#1f77b4", line_width=2, legend_label="MAP (exact zeros near 0)")
    sh.line("z", "mean", source=shr, color="#d62728", line_width=2, line_dash="dashed",
            legend_label="posterior mean (never 0)")
    _legend_below(sh)

    step = float((log_alphas[-1] - log_alphas[0]) / max(n_a - 1, 1))
    alpha_slider = Slider(start=float(log_alphas[0]), end=float(log_alphas[-1]) if n_a > 1 else float(log_alphas[0]) + 1,
                          value=float(log_alphas[j0]), step=step if n_a > 1 else 1.0, format="0.00",
                          title="penalty strength log10(alpha)", width=520, name=ALPHA_SLIDER)
    l1_step = float(np.min(np.diff(data.l1_ratios))) if n_l1 > 1 else 1.0
    l1_slider = Slider(start=float(data.l1_ratios[0]), end=float(data.l1_ratios[-1]) if n_l1 > 1 else 1.0,
                       value=float(data.l1_ratios[i0]), step=l1_step, format="0.00",
                       title="L1/L2 mix l1_ratio (0 = ridge, 1 = lasso)", width=420, name=L1_SLIDER)
    status = Div(text=status_html(data, i0, j0), width=1000, name=STATUS)
    texts = {state_key(i, j): status_html(data, i, j) for i, j in keys}
    cb = CustomJS(args=dict(alpha_slider=alpha_slider, l1_slider=l1_slider, targets=targets, stores=stores,
                            fields=fields, span=span, status=status, texts=texts, n_alphas=n_a,
                            l1_ratios=[float(v) for v in data.l1_ratios], alphas=[float(v) for v in data.alphas]),
                  code=_JS)
    alpha_slider.js_on_change("value", cb)
    l1_slider.js_on_change("value", cb)

    head = Div(text=(
        "<h2 style='margin:4px 0'>The prior&ndash;penalty link, explorable</h2>"
        f"<p style='max-width:1000px;font-size:13px'>Data: {html.escape(data.data_label)} "
        f"({data.n_samples} samples, {p} features). Every panel is the same model: Gaussian likelihood with "
        "the elastic-net prior whose posterior mode is scikit-learn's <code>ElasticNet(alpha, l1_ratio)</code>, "
        "objective ||y &minus; b0 &minus; Xw||&sup2;/(2n) + alpha&middot;(l1_ratio&middot;||w||&#8321; + "
        "(1 &minus; l1_ratio)/2&middot;||w||&sup2;). One alpha convention on the whole page "
        "(Ridge's own alpha is n&middot;alpha). Bands: full posterior (sigma sampled, Jeffreys prior) with "
        f"the {', '.join(sorted(set(data.samplers)))} sampler; the prior and orthogonal-design panels hold "
        f"sigma at the least-squares residual sd {data.sigma:.3g}. Drag the sliders; everything was "
        "computed in Python for each grid point and the page only selects.</p>"), width=1050)
    for fig in (geo, pr, pen, paths, forest, sh):
        fig.toolbar.autohide = True  # shown on hover; the titles stay readable
    return column(head, row(alpha_slider, l1_slider), status, row(geo, column(pr, pen), sh), row(paths, forest))


def page_html(data, title: str = "bayesreg explore") -> str:
    """The whole page as one HTML string, Bokeh's JavaScript inlined (works offline)."""
    from bokeh.embed import file_html
    from bokeh.resources import INLINE

    return file_html(build_layout(data), INLINE, title)
