"""PostgreSQL full-text search expressions, matching the expression indexes made by
the migrations (0002), so a search reads the index instead of every post."""

from django.contrib.postgres.search import SearchVectorField
from django.db.models import Func


class PostWords(Func):
    function = "to_tsvector"
    template = "to_tsvector('english'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


class TitleWords(PostWords):
    pass
