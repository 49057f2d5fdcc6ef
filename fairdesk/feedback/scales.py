"""The answer scales, with balanced labels: as many steps on each side of the middle."""

from django.utils.translation import gettext_lazy as _

CSAT = [
    (1, _("very dissatisfied")),
    (2, _("dissatisfied")),
    (3, _("neither satisfied nor dissatisfied")),
    (4, _("satisfied")),
    (5, _("very satisfied")),
]

CES = [
    (1, _("very difficult")),
    (2, _("difficult")),
    (3, _("somewhat difficult")),
    (4, _("neither easy nor difficult")),
    (5, _("somewhat easy")),
    (6, _("easy")),
    (7, _("very easy")),
]
