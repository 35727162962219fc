"""The WHOOP and Notion simulators as their own process (target/debug/whoop-notion-simulators),
for tests of the real path: the app is pointed at them through WHOOP_OAUTH_URL, WHOOP_API_URL
and NOTION_API_URL, as it would be at the real services. This module also reads both back
through their public APIs, as any other client would: WHOOP with a sign-in of its own (the
simulated user approves at once), Notion with the connection token."""

import json
import math
import secrets
import subprocess
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

import harness as H
from fake_browser import load as load_without_redirect

PROGRAM = H.APP.with_name("whoop-notion-simulators")
NOTION_VERSION = "2025-09-03"
# As registered in the user's WHOOP developer app: the window's default, the app's own link
# and the https address, the three ways back for dashboards that refuse http.
REDIRECT_URIS = ("http://127.0.0.1:8765/callback", "whoop-notion-sync://oauth/callback",
                 "https://localhost:8765/callback")


class Simulators:
    def __init__(self, logdir, days=14):
        self.logdir = logdir
        self.days = days
        self.proc = None
        self.info = None

    def start(self):
        args = [str(PROGRAM), "--days", str(self.days)]
        for uri in REDIRECT_URIS:
            args += ["--redirect-uri", uri]
        self.log = open(self.logdir / "simulators.log", "w")
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log, text=True)
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{PROGRAM} printed nothing (see {self.logdir}/simulators.log)")
        self.info = json.loads(line)
        return self.info

    def simulate(self, command):
        """What a user does in Notion's own pages: "unshare-database" (the database is no
        longer shared with the app's connection) or "share-database"; or what the network in
        between does: "wifi-sign-in-page" (a Wi-Fi answers every request with its sign-in
        page) or "wifi-signed-in"."""
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        if answer != "ok":
            raise RuntimeError(f"simulators: {command}: {answer!r}")

    def app_environment(self):
        """The variables that point the app at these simulators."""
        return {"WHOOP_OAUTH_URL": self.info["whoop_oauth_url"],
                "WHOOP_API_URL": self.info["whoop_api_url"],
                "NOTION_API_URL": self.info["notion_api_url"]}

    def stop(self):
        if self.proc:
            H.end_processes([self.proc.pid])
            self.proc.wait(5)
            self.proc.stdin.close()
            self.proc.stdout.close()
            self.log.close()

    # --- WHOOP, as another client of the same user ----------------------------------------

    def whoop_token(self, scope="read:recovery read:cycles read:sleep read:profile offline"):
        state = secrets.token_urlsafe(12)
        query = urllib.parse.urlencode({
            "client_id": self.info["client_id"], "redirect_uri": REDIRECT_URIS[0],
            "response_type": "code", "state": state,
            "scope": scope})
        status, location = load_without_redirect(f"{self.info['whoop_oauth_url']}/auth?{query}")
        if status != 302 or not location:
            raise RuntimeError(f"WHOOP's sign-in answered {status}")
        code = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)["code"][0]
        form = urllib.parse.urlencode({
            "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URIS[0],
            "client_id": self.info["client_id"],
            "client_secret": self.info["client_secret"]}).encode()
        request = urllib.request.Request(f"{self.info['whoop_oauth_url']}/token", data=form,
                                         headers={"Content-Type":
                                                  "application/x-www-form-urlencoded"})
        with opener().open(request, timeout=10) as response:
            return json.load(response)["access_token"]

    def whoop_collection(self, token, path, days_back=40):
        start = (datetime.now(timezone.utc) - timedelta(days=days_back)).strftime(
            "%Y-%m-%dT%H:%M:%S.000Z")
        records, next_token = [], None
        while True:
            query = {"limit": 25, "start": start}
            if next_token:
                query["nextToken"] = next_token
            url = f"{self.info['whoop_api_url']}{path}?{urllib.parse.urlencode(query)}"
            request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
            with opener().open(request, timeout=10) as response:
                page = json.load(response)
            records += page["records"]
            next_token = page.get("next_token")
            if not next_token:
                return records

    def whoop_nights(self):
        """{day: {"recovery", "efficiency", "asleep_hours", "hrv", "resting_hr"}} computed
        here from WHOOP's raw records, as WHOOP's app shows them: a night is the day its main
        (non-nap) scored sleep ended, in that sleep's own offset."""
        token = self.whoop_token()
        sleeps = self.whoop_collection(token, "/v2/activity/sleep")
        recoveries = {r["sleep_id"]: r for r in self.whoop_collection(token, "/v2/recovery")}
        nights = {}
        for sleep in sleeps:
            if sleep["nap"] or sleep["score_state"] != "SCORED":
                continue
            recovery = recoveries.get(sleep["id"])
            if not recovery or recovery["score_state"] != "SCORED":
                continue
            end = datetime.fromisoformat(sleep["end"].replace("Z", "+00:00"))
            day = (end + iso_offset(sleep["timezone_offset"])).date().isoformat()
            stages = sleep["score"]["stage_summary"]
            asleep_ms = (stages["total_light_sleep_time_milli"]
                         + stages["total_slow_wave_sleep_time_milli"]
                         + stages["total_rem_sleep_time_milli"])
            score = recovery["score"]
            nights[day] = {
                # Whole percent as WHOOP shows it, stored as a fraction in a percent column.
                "recovery": round_half_up(round_half_up(score["recovery_score"], 0) / 100, 2),
                "efficiency": round_half_up(
                    round_half_up(sleep["score"]["sleep_efficiency_percentage"], 0) / 100, 2),
                "asleep_hours": round_half_up(asleep_ms / 3_600_000, 2),
                "hrv": round_half_up(score["hrv_rmssd_milli"], 0),
                "resting_hr": round_half_up(score["resting_heart_rate"], 0),
            }
        return nights

    # --- Notion, with the connection token ----------------------------------------------

    def notion_pages(self, data_source_id=None):
        """Every page of the daily database (or of the data source `data_source_id`), as
        Notion answers a query: {"id", "properties", …} (the raw property values)."""
        pages, cursor = [], None
        while True:
            body = {"page_size": 100}
            if cursor:
                body["start_cursor"] = cursor
            url = f"{self.info['notion_api_url']}/v1/data_sources/" \
                  f"{data_source_id or self.info['data_source_id']}/query"
            request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={
                "Authorization": f"Bearer {self.info['notion_token']}",
                "Notion-Version": NOTION_VERSION, "Content-Type": "application/json"})
            with opener().open(request, timeout=10) as response:
                page = json.load(response)
            pages += page["results"]
            cursor = page.get("next_cursor")
            if not page.get("has_more"):
                return pages


def iso_offset(text):
    """An ISO 8601 zone designator ("Z", "-05:00", "+0530", "+09") as a timedelta."""
    if text in ("Z", "z"):
        return timedelta(0)
    sign = -1 if text.startswith("-") else 1
    digits = text[1:].replace(":", "")
    return sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))


def round_half_up(x, decimals):
    """As the app rounds (Rust's f64::round: halves away from zero)."""
    f = 10 ** decimals
    return math.copysign(math.floor(abs(x) * f + 0.5), x) / f


def opener():
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))
