"""What higher apps add to the area pages, without the area app importing them.

- ``social_space_sections``: sections of the social-space page. Parts ordered below 50 come
  first, before the map and the statistics (what a resident looks for: the office, what is
  going on, how to take part); the others after the statistics. The part's
  ``context(request, space=…)`` returns the template's context (its template reads it as
  ``data``), or None to leave the section out. The programme adds the coordination offices and
  the programme periods (``veedel/programme/sections.py``, registered in
  ``ProgrammeConfig.ready``). A part runs a fixed number of queries, whatever the data.
"""

from veedel.core.contributions import Contributions

social_space_sections = Contributions("sections of the social-space page")
