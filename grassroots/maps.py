"""grassroots.maps is grassroots.geo.maps: the geography code lives together in grassroots/geo/."""

import sys

from grassroots.geo import maps

sys.modules[__name__] = maps
