#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# bench-ref.py - times the official Python reference for tools/bench:
# RtcTokenBuilder.buildTokenWithUid (006) and
# RtcTokenBuilder2.build_token_with_uid (007), with the inputs
# `agora-token bench` uses (uid, publisher, 3600 s).  The reference is
# imported from the path given (its python3/ directory); nothing of it is
# kept in this tree.  One line per case: "<case> <microseconds per token>".
# Usage: bench-ref.py --reference PATH [--seconds S] [--cpu] [CASE...]
import argparse
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--reference", required=True)
ap.add_argument("--seconds", type=float, default=1.0)
ap.add_argument("--cpu", action="store_true", help="time with the thread's CPU clock")
ap.add_argument("cases", nargs="*")
a = ap.parse_args()
sys.path.insert(0, a.reference)
from src.RtcTokenBuilder import RtcTokenBuilder as Rtc006  # noqa: E402
from src.RtcTokenBuilder2 import RtcTokenBuilder as Rtc007  # noqa: E402

APP_ID = "970CA35de60c44645bbae8a215061b33"
CERT = "5CFd2fd1755d40ecb72977518be15d3b"
CHANNEL = "7d72365eb983485397e3e3f9d460bdda"
UID = 2882341273
EXPIRE = 3600
PUBLISHER = 1

CASES = {
    "python-ref-006": lambda: Rtc006.buildTokenWithUid(
        APP_ID, CERT, CHANNEL, UID, PUBLISHER, int(time.time()) + EXPIRE),
    "python-ref-007": lambda: Rtc007.build_token_with_uid(
        APP_ID, CERT, CHANNEL, UID, PUBLISHER, EXPIRE, EXPIRE),
}


clock = time.thread_time if a.cpu else time.perf_counter


def time_for(fn, sec):
    n = 0
    sink = 0
    t0 = clock()
    while True:
        for _ in range(32):
            sink += len(fn())
        n += 32
        t = clock() - t0
        if t >= sec:
            break
    assert sink > 0
    return t / n * 1e6


for name in a.cases or list(CASES):
    fn = CASES[name]
    assert fn().startswith(name[-3:])
    time_for(fn, min(0.2, a.seconds / 4))  # warm-up
    print("%s %.3f" % (name, time_for(fn, a.seconds)), flush=True)
