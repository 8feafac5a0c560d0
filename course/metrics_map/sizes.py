"""The drawing's measurements, in SVG user units (1 unit = 1 CSS px at natural size).

They live together because they only make sense together: the badge radius bounds
how narrow a channel may be, the arrow length sets where curves stop, the loop reach
sets the room a box keeps on its right. Labels, placement, routing and the SVG all
read them, and a change here must be seen against all of those at once.
"""

from __future__ import annotations

# --- text in a box ----------------------------------------------------------------------
FONT_SIZE = 14.0
LINE_HEIGHT = 18.0
PAD_X = 12.0
PAD_Y = 9.0
WRAP_WIDTH = 120.0  # preferred text width before a label wraps (the shipped map then fits a laptop at 12px)
WRAP_WIDTH_LIMIT = 240.0  # widest a label may grow to stay within MAX_LINES
MAX_LINES = 3
MIN_BOX_WIDTH = 92.0

# --- spacing between boxes and rows -----------------------------------------------------
MARGIN = 16.0
NODE_GAP = 30.0  # between two metric boxes in a row
DUMMY_WIDTH = 10.0  # room reserved for an edge passing through a row
DUMMY_GAP = 12.0
CHANNEL_MIN = 64.0  # vertical gap between rows, grown when many edges cross it
CHANNEL_PER_EDGE = 3.0  # added for every edge beyond CHANNEL_FREE_EDGES
CHANNEL_FREE_EDGES = 6  # edges a channel of CHANNEL_MIN holds before it grows
CHANNEL_MAX = 104.0

# --- edges, ports and badges ------------------------------------------------------------
ARROW_LENGTH = 9.0
ARROW_HALF_WIDTH = 4.5
PORT_SPACING = 20.0  # between edges leaving or entering the same side of a box
PORT_INSET = 14.0
BADGE_RADIUS = 9.0
BADGE_FONT_SIZE = 14.0  # the "+" / "−" sign; at MIN_SCALE still 12px
BADGE_CLEARANCE = 4.0
LOOP_REACH = 40.0  # how far a self-loop bulges to the right of its box
LOOP_ROOM = LOOP_REACH + BADGE_RADIUS / 2 + BADGE_CLEARANCE

# --- the responsive SVG -----------------------------------------------------------------
# Never shrink text below 12px (FONT_SIZE * MIN_SCALE: readable on a phone, which scrolls the
# map sideways instead) and never blow it up past 14px on wide screens.
MIN_SCALE = 12.0 / FONT_SIZE
MAX_SCALE = 1.0
