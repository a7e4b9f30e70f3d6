"""The load bench/scale.py applies through the front (locust, headless).

80% anonymous visitors reading the public pages; practitioners signed in (their
journal, live discussions); one member of staff using the enquiries inbox. Requests
are named by who makes them ("anonymous", "signed-in", "staff"), so each group's
figures can be read apart.
"""

import os
import re

import pyotp
from locust import HttpUser, between, task

PASSWORD = os.environ["SCALE_PASSWORD"]
PRACTITIONER = os.environ["SCALE_PRACTITIONER"]
STAFF = os.environ["SCALE_STAFF"]
STAFF_SECRET = os.environ["SCALE_STAFF_SECRET"]
PUBLIC = ["/", "/about/", "/who-is-this-for/professionals-addiction/", "/articles/"]


def sign_in(client, email, code_secret=None):
    form = client.get("/accounts/login/", name="sign-in").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    client.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD},
        headers={"Referer": client.base_url + "/accounts/login/"},
        name="sign-in",
    )
    if code_secret:
        page = client.get("/accounts/2fa/authenticate/", name="sign-in").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        client.post(
            "/accounts/2fa/authenticate/",
            {"csrfmiddlewaretoken": token, "code": pyotp.TOTP(code_secret).now()},
            headers={"Referer": client.base_url + "/accounts/2fa/authenticate/"},
            name="sign-in",
        )


class Visitor(HttpUser):
    weight = 8
    wait_time = between(0.05, 0.2)

    @task
    def read(self):
        for path in PUBLIC:
            self.client.get(path, name="anonymous")


class Practitioner(HttpUser):
    weight = 2
    wait_time = between(0.1, 0.4)

    def on_start(self):
        sign_in(self.client, PRACTITIONER)

    @task(3)
    def journal(self):
        self.client.get("/reflect/journal/", name="signed-in")

    @task(2)
    def live_discussions(self):
        self.client.get("/live/", name="signed-in")
        self.client.get("/live/mine/", name="signed-in")


class Staff(HttpUser):
    fixed_count = 1
    wait_time = between(0.5, 1.0)

    def on_start(self):
        sign_in(self.client, STAFF, STAFF_SECRET)

    @task
    def inbox(self):
        self.client.get("/admin/enquiries/", name="staff")
