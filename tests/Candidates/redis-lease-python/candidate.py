#!/usr/bin/env python3
"""A leader elected by a Redis lease, written as a Python service would write it.

The lease: the key ej:leader set with SET NX PX to this node's name and a random id,
with a fencing token from INCR ej:token on every grant (both in one script, so a
pause between the two cannot hand an older holder the larger token). While leading it
renews every TTL/3 with a compare-and-extend script and believes it leads until a
renewal fails or TTL less a margin has passed since the last renewal it sent. That is
the usual renew-and-check pattern, and no more: a leader paused past its TTL wakes up
still believing it leads until its next check, which is what a test should catch.

It keeps the ElectionJepsen candidate contract (docs/candidate.md): its status on
EJ_STATUS_PORT, its campaigns and resignation through the ledger's /op, and while it
leads a write every 100 ms and a job for each slot that falls due.

Two flags make the other test candidates of tests/Candidates out of this one:
  --always-lead  the known mistake: its status always says it leads (with the last token
                 it was granted, 0 before the first), and it writes and runs every job slot
                 whatever the lease says (always-leader-python);
  --no-tokens    it reports no token anywhere and no campaign: {"leader": true},
                 /write {"seq": n}, /job {"slot": s}, no /op, as a lock library without
                 fencing tokens would (no-token-python).
"""

import json
import logging
import os
import random
import signal
import sys
import threading
import time
import uuid
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis

NODE = os.environ["EJ_NODE"]
SERVER = os.environ["EJ_SERVERS"].split(",")[0]
TTL_MS = int(os.environ.get("EJ_TTL_MS", "5000"))
JOB_INTERVAL_MS = int(os.environ.get("EJ_JOB_INTERVAL_MS", "1000"))
STATUS_PORT = int(os.environ["EJ_STATUS_PORT"])
LEDGER = os.environ["EJ_LEDGER"].rstrip("/")

ALWAYS_LEAD = "--always-lead" in sys.argv[1:]
TOKENS = "--no-tokens" not in sys.argv[1:]

LEASE_KEY = "ej:leader"
TOKEN_KEY = "ej:token"
TTL = TTL_MS / 1000
MARGIN = TTL * 0.01 + 0.002  # for clock drift, as Redlock allows
RENEW_EVERY = TTL / 3
WRITE_EVERY = 0.1
REDIS_TIMEOUT = min(1.0, TTL / 5)

ACQUIRE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return 0
"""
EXTEND = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                    format=f"%(asctime)s.%(msecs)03dZ {NODE} %(message)s", datefmt="%Y-%m-%dT%H:%M:%S")
logging.Formatter.converter = time.gmtime
log = logging.getLogger("candidate")


def post(path, body):
    """POSTs JSON to the ledger: (status, answer text), or (None, reason) when it could not be asked."""
    request = urllib.request.Request(LEDGER + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")
    except OSError as e:
        return None, str(e)


def op(body):
    """Reports a campaign or a resignation through /op, unless this candidate reports none (--no-tokens)."""
    return post("/op", body) if TOKENS else (200, "")


def fenced(body, token):
    """A write's or job's body, with its token unless this candidate reports none."""
    return {**body, "token": token} if TOKENS else body


def event(text):
    log.info(text)
    post("/event", {"text": text})


class Lease:
    """What this node believes about its leadership; duties hold `acting` while they use it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acting = threading.Lock()
        self.leading = False
        self.token = 0
        self.value = ""
        self.deadline = 0.0

    def current(self):
        with self.lock:
            return self.leading, self.token

    def lead(self, token, value, deadline):
        with self.lock:
            self.leading, self.token, self.value, self.deadline = True, token, value, deadline

    def extend(self, deadline):
        with self.lock:
            self.deadline = deadline

    def lose(self):
        """Stops leading once no write or job is in flight; returns the token it held, or None."""
        with self.acting, self.lock:
            was = self.token if self.leading else None
            self.leading = False
            return was


class Candidate:
    def __init__(self):
        host, port = SERVER.rsplit(":", 1)
        self.redis = redis.Redis(host=host, port=int(port), socket_timeout=REDIS_TIMEOUT,
                                 socket_connect_timeout=REDIS_TIMEOUT)
        self.acquire = self.redis.register_script(ACQUIRE)
        self.extend = self.redis.register_script(EXTEND)
        self.release = self.redis.register_script(RELEASE)
        self.lease = Lease()
        self.stop = threading.Event()

    def campaign(self):
        """One attempt: announced to the ledger before the SET, its outcome reported after."""
        status, answer = op({"f": "acquire", "type": "invoke"})
        if status != 200:
            log.info("the ledger did not record the campaign (%s %s): not campaigning", status, answer)
            return
        value = f"{NODE}:{uuid.uuid4().hex}"
        sent = time.monotonic()
        try:
            token = int(self.acquire(keys=[LEASE_KEY, TOKEN_KEY], args=[value, TTL_MS]))
        except redis.RedisError as e:
            op({"f": "acquire", "type": "info", "error": f"redis: {e}"})
            log.info("campaign: redis did not answer (%s)", e)
            return
        if token == 0:
            op({"f": "acquire", "type": "fail", "error": "held"})
            return
        with self.lease.acting:  # no write goes out before the grant is reported
            self.lease.lead(token, value, sent + TTL - MARGIN)
            op({"f": "acquire", "type": "ok", "value": {"token": token}})
        event(f"became leader with token {token}")

    def keep(self):
        """Waits a renewal period, checks the local deadline, renews."""
        if self.stop.wait(RENEW_EVERY):
            return
        with self.lease.lock:
            value, deadline, token = self.lease.value, self.lease.deadline, self.lease.token
        if time.monotonic() > deadline:
            self.lose(token, "the local deadline passed without a renewal")
            return
        sent = time.monotonic()
        try:
            renewed = int(self.extend(keys=[LEASE_KEY], args=[value, TTL_MS])) == 1
        except redis.RedisError as e:
            self.lose(token, f"the renewal failed: {e}")
            return
        if renewed:
            self.lease.extend(sent + TTL - MARGIN)
        else:
            self.lose(token, "a renewal was refused: the lease is no longer ours")

    def lose(self, token, why):
        if self.lease.lose() is not None:
            event(f"lost leadership {token}: {why}")

    def resign(self):
        """On SIGTERM: stop acting, then release through a compare-and-delete, announced first."""
        with self.lease.lock:
            value = self.lease.value
        token = self.lease.lose()
        if token is None:
            return
        status, _ = op({"f": "release", "type": "invoke", "value": {"token": token}})
        try:
            released = int(self.release(keys=[LEASE_KEY], args=[value])) == 1
        except redis.RedisError as e:
            if status == 200:
                op({"f": "release", "type": "info", "error": f"redis: {e}"})
            log.info("resigning %s: redis did not answer (%s)", token, e)
            return
        if status == 200:
            op({"f": "release", "type": "ok"})
        log.info("resigned leadership %s%s", token, "" if released else " (the lease was no longer ours)")

    def run(self):
        while not self.stop.is_set():
            leading, _ = self.lease.current()
            if leading:
                self.keep()
            else:
                self.campaign()
                if not self.lease.current()[0]:
                    self.stop.wait(random.uniform(0.05, 0.25))
        self.resign()


def writes(candidate):
    seq = 0
    while not candidate.stop.wait(WRITE_EVERY):
        with candidate.lease.acting:
            leading, token = candidate.lease.current()
            if not leading and not ALWAYS_LEAD:
                continue
            seq += 1
            status, answer = post("/write", fenced({"seq": seq}, token))
        if status != 200:
            log.info("write %d with token %d refused: %s %s", seq, token, status, answer)


def jobs(candidate):
    """A slot falls due when the wall clock crosses into it; the leader at that moment runs it."""
    last = int(time.time() * 1000) // JOB_INTERVAL_MS
    while not candidate.stop.wait(min(0.02, JOB_INTERVAL_MS / 1000)):
        slot = int(time.time() * 1000) // JOB_INTERVAL_MS
        if slot == last:
            continue
        last = slot
        with candidate.lease.acting:
            leading, token = candidate.lease.current()
            if not leading and not ALWAYS_LEAD:
                continue
            status, answer = post("/job", fenced({"slot": slot}, token))
        if status != 200:
            log.info("job slot %d with token %d refused: %s %s", slot, token, status, answer)


class StatusServer(ThreadingHTTPServer):
    daemon_threads = True
    # The harness asks every 50 ms, and once a second while we are paused: those questions
    # wait in the listen queue until we wake. socketserver's default queue of 5 would drop
    # the newest, the only one still waiting for its answer.
    request_queue_size = 128

    def handle_error(self, request, client_address):
        log.info("status: the question went unanswered (%s)", sys.exc_info()[1])


class Status(BaseHTTPRequestHandler):
    candidate = None

    def do_GET(self):
        if self.path != "/leader":
            self.send_error(404)
            return
        leading, token = self.candidate.lease.current()
        body = json.dumps(fenced({"leader": True}, token) if leading or ALWAYS_LEAD else {"leader": False}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # twenty questions a second: not worth a line each


def main():
    candidate = Candidate()
    Status.candidate = candidate
    server = StatusServer(("0.0.0.0", STATUS_PORT), Status)
    signal.signal(signal.SIGTERM, lambda *_: candidate.stop.set())
    for work in (server.serve_forever, lambda: writes(candidate), lambda: jobs(candidate)):
        threading.Thread(target=work, daemon=True).start()
    log.info("campaigning on redis %s for %s (ttl %d ms), status on :%d", SERVER, LEASE_KEY, TTL_MS, STATUS_PORT)
    candidate.run()
    log.info("stopped")


if __name__ == "__main__":
    main()
