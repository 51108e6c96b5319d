"""Page models: what one page of the dashboard shows, built by one call from the filtered view.

A page is a three-step controller: ``dataset, view = ui.page.filtered_page(...)``, one call here
(``overview_page``, ``PartnersPage``, ``PillarsPage``...), then show what the model holds. A
model's sections that only one tab or one choice needs are computed when first read.
"""
