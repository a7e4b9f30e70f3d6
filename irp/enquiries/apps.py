from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "irp.enquiries"
    label = "enquiries"
    verbose_name = "Enquiries"
