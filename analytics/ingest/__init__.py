"""Draft events from the IISG website's Events page text or an iCalendar file, for review.

Every extracted event is a dict in the dataset's schema plus ``needs_review``: the fields a
person must check before it is written. Nothing is invented: what the text does not say stays
absent (``iisg_role`` too, although the dataset requires it: the writer then refuses the event
until someone fills it in).

The modules: ``extract`` (a file's content to draft events, by its kind), ``page_text`` (the
Events page text), ``ical`` (iCalendar files), ``draft`` (one event's fields read from its
words), ``host_place`` (host city and country), ``guesses`` (pillars, partners, event type,
role, organisers, venue), ``ids`` (new event ids), ``text`` (blocks, bounded paragraphs),
``limits`` (input caps and the caveats the importer writes), ``review`` (the table a person
checks before the events are added). Command line: ``python -m analytics ingest``.
"""
