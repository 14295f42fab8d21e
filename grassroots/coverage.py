"""grassroots.coverage is grassroots.geo.coverage: the geography code lives together in grassroots/geo/."""

import sys

from grassroots.geo import coverage

sys.modules[__name__] = coverage
