"""The public site's part of the data register (irp/privacy): editors' page text only."""

from irp.privacy.register import not_personal

_SEO = ["canonical_url", "social_image", "social_image_alt"]


def fields():
    return [
        *not_personal("pages.homepage", [*_SEO, "intro", "body"]),
        *not_personal("pages.standardpage", [*_SEO, "summary", "body", "heading", "show_contents"]),
        *not_personal("pages.sectionpage", [*_SEO, "summary", "body"]),
        *not_personal("pages.getinvolvedpage", [*_SEO, "summary", "offerings", "body"]),
        # The organisation's own details, shown in the footer and the privacy notice.
        *not_personal(
            "pages.organisationsettings",
            ["legal_name", "charity_number", "company_number", "address", "contact_email"],
        ),
    ]
