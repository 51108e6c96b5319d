"""Colours readers can tell apart and read: the theme's text contrast and the pillar palette."""

from __future__ import annotations

import tomllib

from analytics import load_dataset
from tests.helpers import ROOT, SMALL
from ui.charts import TEXT_COLOURS

# Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable with the common
# colour-vision deficiencies.
OKABE_ITO = {
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
}
WHITE = "#FFFFFF"
# Streamlit's dark theme background.
DARK_BACKGROUND = "#0E1117"
AA_TEXT = 4.5
AA_GRAPHICS = 3.0


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #RRGGBB colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_gives_the_known_ratios() -> None:
    """Black on white is 21:1, white on white 1:1, and #767676 on white 4.54:1 (the lightest
    grey that passes AA, as WebAIM lists it)."""
    assert round(contrast("#000000", WHITE), 2) == 21.0
    assert contrast(WHITE, WHITE) == 1.0
    assert round(contrast("#767676", WHITE), 2) == 4.54


def test_theme_and_chart_text_meet_aa() -> None:
    """The primary colour (links, selected widgets) and the chart text colours meet AA."""
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert contrast(theme["primaryColor"], WHITE) >= AA_TEXT
    assert contrast(TEXT_COLOURS["light"], WHITE) >= AA_TEXT
    assert contrast(TEXT_COLOURS["dark"], DARK_BACKGROUND) >= AA_TEXT


def test_the_pillar_palette_is_okabe_ito_and_stands_out_from_the_page() -> None:
    """The three pillars and Cross-cutting are distinct Okabe-Ito colours; No pillar is a grey;
    each stands out from a white page by WCAG's 3:1 for graphics."""
    colours = load_dataset(SMALL).reference.pillar_colours()
    named = [colours[code] for code in ("WBCTi", "WBCSCi", "WBBSi", "Cross-cutting")]
    assert set(named) <= OKABE_ITO
    assert len(set(named)) == len(named)
    grey = colours["No pillar"].lstrip("#")
    assert grey[0:2] == grey[2:4] == grey[4:6]
    for colour in [*named, colours["No pillar"]]:
        assert contrast(colour, WHITE) >= AA_GRAPHICS, colour
