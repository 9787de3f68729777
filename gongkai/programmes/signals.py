"""What the programme tells the apps above it (they may not be imported from here).

``programme_copied``: a new year was started as a copy of ``source`` (``target`` is the new
year); e.g. the assessment copies last year's indicator tree.
``notice_published``: the year's notice went public through the review page (``programme``,
``by``); e.g. the policies app registers the notice as a policy document.
"""

from django.dispatch import Signal

programme_copied = Signal()
notice_published = Signal()
