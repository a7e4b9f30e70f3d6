"""How long each part of an enquiry may be: the form checks these, the table stores them."""

NAME_MAX = 200
EMAIL_MAX = 254
ORGANISATION_MAX = 200
ROLE_OTHER_MAX = 200
HOPES_MAX = 5000
HEARD_FROM_MAX = 500
