"""Who may use the staff inbox: holders of `enquiries.answer_enquiries`, and no one else."""

from django.contrib.auth.models import Permission
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Enquiry
from .selectors import people_who_answer_enquiries

ANSWER_ENQUIRIES = "enquiries.answer_enquiries"


class EnquiryPermissionPolicy(ModelPermissionPolicy):
    """One permission opens the inbox. Enquiries are never added, edited or deleted
    through generic admin forms: staff act through the inbox's own actions, and
    erasure happens only by retention (`irp purge-enquiries`)."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.has_perm(ANSWER_ENQUIRIES)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return people_who_answer_enquiries().none()
        return people_who_answer_enquiries()


def answer_permission():
    return Permission.objects.filter(
        content_type__app_label="enquiries", codename="answer_enquiries"
    )


policy = EnquiryPermissionPolicy(Enquiry)
