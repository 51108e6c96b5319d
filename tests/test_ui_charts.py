"""Tests of ui/charts.py's layout of a shown chart (the part that needs no running page)."""

from __future__ import annotations

from ui.charts import shown_layout

INK = "#31333F"


def test_title_moves_to_meta_text_takes_the_theme_colour_and_the_legend_moves_up() -> None:
    """A titled figure with a legend under it, as a page draws it."""
    layout = {
        "title": {"text": "Events per year", "x": 0, "subtitle": {"text": "Counted once"}},
        "margin": {"t": 100, "b": 10},
        "legend": {"orientation": "h", "y": -0.15, "title": {"text": ""}},
        "xaxis2": {"matches": "x"},
    }
    shown = shown_layout(layout, "Events per year", "Counted once", INK)
    assert shown == {
        # The subtitle object stays, empty, as plotly's own update leaves it.
        "title": {"x": 0, "subtitle": {}},
        "margin": {"t": 40, "b": 10},
        "meta": {"title": "Events per year", "subtitle": "Counted once"},
        "font": {"color": INK},
        "legend": {
            "orientation": "h",
            "y": 1.02,
            "yanchor": "bottom",
            "x": 0,
            "xanchor": "left",
            "title": {"text": "", "font": {"color": INK}},
            "font": {"color": INK},
        },
        "xaxis": {"tickfont": {"color": INK}, "title": {"font": {"color": INK}}},
        "xaxis2": {"matches": "x", "tickfont": {"color": INK}, "title": {"font": {"color": INK}}},
        "yaxis": {"tickfont": {"color": INK}, "title": {"font": {"color": INK}}},
    }


def test_an_untitled_figure_keeps_its_margin_and_a_legend_placed_in_pixels_stays() -> None:
    """No title: nothing goes to meta, the margin stays; a legend in pixels is not moved."""
    legend = {"orientation": "h", "y": -0.2, "yref": "container"}
    shown = shown_layout({"legend": dict(legend), "margin": {"t": 60}}, "", "", "#FAFAFA")
    assert "meta" not in shown and "title" not in shown
    assert shown["margin"] == {"t": 60}
    assert shown["legend"] == {
        **legend,
        "font": {"color": "#FAFAFA"},
        "title": {"font": {"color": "#FAFAFA"}},
    }


def test_a_title_without_a_margin_leaves_the_margin_unset() -> None:
    """The title's room is given back only from a margin the figure set."""
    shown = shown_layout({"title": {"text": "T"}}, "T", "", INK)
    assert shown["title"] == {}
    assert "t" not in shown.get("margin", {})
    assert shown["meta"] == {"title": "T", "subtitle": ""}
