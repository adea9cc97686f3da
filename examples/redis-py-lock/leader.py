#!/usr/bin/env python3
"""A service that leads while it holds a redis-py Lock.

The shape of many Python services that must run something on one instance only: a
`redis.Redis` client, `r.lock(name, timeout=...)` as redis-py documents it (a `SET NX PX`
of a random value, released by a compare-and-delete script), one non-blocking `acquire`
per attempt, `reacquire()` every third of the timeout while leading, and an HTTP endpoint
that says whether this instance leads. It believes it leads from a successful acquire until
a `reacquire` raises (the lock is no longer ours, or Redis did not answer), and releases
the lock on SIGTERM.

It keeps the ElectionJepsen candidate contract (docs/candidate.md): its settings from the
environment, its status on EJ_STATUS_PORT, its campaigns and its resignation reported to
the ledger's /op, and while it leads a write every 100 ms and the job of each slot that
falls due. redis-py's Lock hands out no fencing token, so none is reported anywhere.
"""

import json
import logging
import os
import random
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis

NODE = os.environ["EJ_NODE"]
HOST, PORT = os.environ["EJ_SERVERS"].split(",")[0].rsplit(":", 1)
TTL = int(os.environ.get("EJ_TTL_MS", "5000")) / 1000
JOB_INTERVAL_MS = int(os.environ.get("EJ_JOB_INTERVAL_MS", "1000"))
STATUS_PORT = int(os.environ["EJ_STATUS_PORT"])
LEDGER = os.environ["EJ_LEDGER"].rstrip("/")

LOCK_NAME = "ej:leader"
REACQUIRE_EVERY = TTL / 3
WRITE_EVERY = 0.1

logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                    format=f"%(asctime)s.%(msecs)03dZ {NODE} %(message)s", datefmt="%Y-%m-%dT%H:%M:%S")
logging.Formatter.converter = time.gmtime
log = logging.getLogger("leader")


def post(path, body):
    """POSTs JSON to the ledger: True when it answered 2xx; a refusal or no answer is logged."""
    request = urllib.request.Request(LEDGER + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=3):
            return True
    except urllib.error.HTTPError as e:
        log.info("ledger %s refused: %s %s", path, e.code, e.read().decode(errors="replace"))
    except OSError as e:
        log.info("ledger %s did not answer: %s", path, e)
    return False


def event(text):
    log.info(text)
    post("/event", {"text": text})


class Leadership:
    """Whether this instance believes it leads. The duties act while holding `acting`, so
    nothing is sent once `lose` has returned."""

    def __init__(self):
        self.acting = threading.Lock()
        self.leading = False

    def lose(self):
        """Stops leading once no write or job is in flight; True if it was leading."""
        with self.acting:
            was, self.leading = self.leading, False
            return was


class Service:
    def __init__(self):
        # Without a socket timeout a call to a hung server never returns: one second, well
        # inside the lock's timeout, so that a reacquire that gets no answer fails in time.
        self.redis = redis.Redis(host=HOST, port=int(PORT), socket_timeout=1, socket_connect_timeout=1)
        self.lock = self.redis.lock(LOCK_NAME, timeout=TTL)
        self.leadership = Leadership()
        self.stop = threading.Event()

    def campaign(self):
        """One attempt (`acquire(blocking=False)`), announced to the ledger first, its outcome reported after."""
        if not post("/op", {"f": "acquire", "type": "invoke"}):
            return
        try:
            acquired = self.lock.acquire(blocking=False)
        except redis.RedisError as e:
            # The SET may have reached Redis: nobody knows whether it won.
            post("/op", {"f": "acquire", "type": "info", "error": f"redis: {e}"})
            log.info("campaign: redis did not answer (%s)", e)
            return
        if not acquired:
            post("/op", {"f": "acquire", "type": "fail", "error": "held"})
            return
        with self.leadership.acting:  # no write goes out before the grant is on record
            self.leadership.leading = True
            post("/op", {"f": "acquire", "type": "ok"})
        event("became leader")

    def keep(self):
        """Waits a third of the timeout, then `reacquire()`: the lock's TTL back to its timeout."""
        if self.stop.wait(REACQUIRE_EVERY):
            return
        try:
            self.lock.reacquire()
        except redis.exceptions.LockNotOwnedError:
            self.lose("reacquire: the lock is no longer owned")
        except redis.RedisError as e:
            self.lose(f"reacquire failed: {e}")

    def lose(self, why):
        if self.leadership.lose():
            event(f"lost leadership: {why}")

    def resign(self):
        """On SIGTERM: stop acting, then `release()`, announced to the ledger first."""
        if not self.leadership.lose():
            return
        recorded = post("/op", {"f": "release", "type": "invoke"})
        try:
            self.lock.release()
            log.info("resigned: the lock is released")
        except redis.exceptions.LockNotOwnedError:
            log.info("resigned: the lock was no longer owned")
        except redis.RedisError as e:
            if recorded:
                post("/op", {"f": "release", "type": "info", "error": f"redis: {e}"})
            log.info("resigning: redis did not answer (%s)", e)
            return
        if recorded:
            post("/op", {"f": "release", "type": "ok"})

    def run(self):
        log.info("campaigning on redis %s:%s for %s (timeout %.3f s)", HOST, PORT, LOCK_NAME, TTL)
        while not self.stop.is_set():
            if self.leadership.leading:
                self.keep()
            else:
                self.campaign()
                if not self.leadership.leading:
                    self.stop.wait(random.uniform(0.05, 0.25))
        self.resign()


def writes(service):
    seq = 0
    while not service.stop.wait(WRITE_EVERY):
        with service.leadership.acting:
            if not service.leadership.leading:
                continue
            seq += 1
            post("/write", {"seq": seq})


def jobs(service):
    """A slot falls due when the wall clock crosses into it; the leader at that moment runs it."""
    last = int(time.time() * 1000) // JOB_INTERVAL_MS
    while not service.stop.wait(min(0.02, JOB_INTERVAL_MS / 1000)):
        slot = int(time.time() * 1000) // JOB_INTERVAL_MS
        if slot == last:
            continue
        last = slot
        with service.leadership.acting:
            if service.leadership.leading:
                post("/job", {"slot": slot})


def status_server(service):
    class Status(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/leader":
                self.send_error(404)
                return
            body = json.dumps({"leader": service.leadership.leading}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    class Server(ThreadingHTTPServer):
        # Questions queue up while the process is stopped; the newest must not be dropped.
        request_queue_size = 64
        daemon_threads = True

    return Server(("", STATUS_PORT), Status)


def main():
    service = Service()
    signal.signal(signal.SIGTERM, lambda *_: service.stop.set())
    server = status_server(service)
    for target, args in ((server.serve_forever, ()), (writes, (service,)), (jobs, (service,))):
        threading.Thread(target=target, args=args, daemon=True).start()
    service.run()
    server.shutdown()


if __name__ == "__main__":
    main()
