#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# A minimal FastCGI client for the fault tests: sends one request to a
# responder's socket with chosen parameters and a body it may deliver only
# in part (to see whether the responder answers without reading it all) or
# late (to keep a request in flight while the test signals the process).
# Writes the application's stdout to our stdout and its stderr records to
# our stderr.  With --hold it keeps its end of the connection open after the
# answer, as a web server slow to close would, to show whether the
# responder waits for that close before taking its next connection.
# Exit status: 0 END_REQUEST received, 3 timed out waiting, 4 the
# connection closed before END_REQUEST, 2 usage or connect error.
import argparse
import socket
import struct
import sys
import time

BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT, STDERR = 1, 3, 4, 5, 6, 7
RESPONDER = 1
REQ_ID = 1


def record(rtype, content=b""):
    out = b""
    # Records carry at most 65535 bytes; split longer content.
    while True:
        chunk, content = content[:65535], content[65535:]
        out += struct.pack(">BBHHBB", 1, rtype, REQ_ID, len(chunk), 0, 0) + chunk
        if not content:
            return out


def name_value(name, value):
    def length(n):
        return struct.pack(">B", n) if n < 128 else struct.pack(">I", n | 0x80000000)
    return length(len(name)) + length(len(value)) + name + value


def connect(addr, timeout):
    if ":" in addr and not addr.startswith("/"):
        host, port = addr.rsplit(":", 1)
        s = socket.create_connection((host, int(port)), timeout=timeout)
    else:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(addr)
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("socket", help="unix socket path or HOST:PORT")
    ap.add_argument("-p", "--param", action="append", default=[],
                    help="NAME=VALUE (repeatable)")
    ap.add_argument("--body", default="", help="request body")
    ap.add_argument("--send", type=int, default=None,
                    help="send only this many body bytes, then nothing more")
    ap.add_argument("--finish-after", type=float, default=None,
                    help="with --send: after this many seconds send the rest")
    ap.add_argument("--timeout", type=float, default=10.0,
                    help="seconds to wait for the whole answer")
    ap.add_argument("--elapsed", action="store_true",
                    help="print the seconds from the first send to END_REQUEST on stderr")
    ap.add_argument("--ready-file", default=None,
                    help="create this file once the first part is sent")
    ap.add_argument("--hold", type=float, default=0.0,
                    help="after END_REQUEST keep the connection open this many seconds")
    ap.add_argument("--answered-file", default=None,
                    help="create this file once END_REQUEST is received")
    a = ap.parse_args()

    params = b""
    for p in a.param:
        n, _, v = p.partition("=")
        params += name_value(n.encode(), v.encode())
    body = a.body.encode()
    try:
        s = connect(a.socket, a.timeout)
    except OSError as e:
        print("fcgi-client: connect %s: %s" % (a.socket, e), file=sys.stderr)
        return 2
    start = time.monotonic()
    first = body if a.send is None else body[:a.send]
    msg = record(BEGIN_REQUEST, struct.pack(">HB5x", RESPONDER, 0))
    msg += record(PARAMS, params) + record(PARAMS)
    if first:
        msg += record(STDIN, first)
    if a.send is None:
        msg += record(STDIN)
    s.sendall(msg)
    if a.ready_file:
        open(a.ready_file, "w").close()
    rest_at = None
    if a.send is not None and a.finish_after is not None:
        rest_at = start + a.finish_after

    buf = b""
    out = sys.stdout.buffer
    while True:
        now = time.monotonic()
        if now - start > a.timeout:
            print("fcgi-client: timed out after %.1f s" % a.timeout, file=sys.stderr)
            return 3
        wait = a.timeout - (now - start)
        if rest_at is not None:
            if now >= rest_at:
                try:
                    s.sendall((record(STDIN, body[a.send:]) if body[a.send:] else b"")
                              + record(STDIN))
                except OSError:
                    pass
                rest_at = None
                continue
            wait = min(wait, rest_at - now)
        s.settimeout(max(wait, 0.01))
        try:
            data = s.recv(65536)
        except socket.timeout:
            continue
        except OSError as e:
            print("fcgi-client: %s" % e, file=sys.stderr)
            return 4
        if not data:
            print("fcgi-client: connection closed before END_REQUEST", file=sys.stderr)
            return 4
        buf += data
        while len(buf) >= 8:
            _, rtype, _, clen, plen, _ = struct.unpack(">BBHHBB", buf[:8])
            if len(buf) < 8 + clen + plen:
                break
            content = buf[8:8 + clen]
            buf = buf[8 + clen + plen:]
            if rtype == STDOUT:
                out.write(content)
            elif rtype == STDERR:
                sys.stderr.buffer.write(content)
            elif rtype == END_REQUEST:
                out.flush()
                if a.elapsed:
                    print("elapsed %.3f" % (time.monotonic() - start), file=sys.stderr)
                    sys.stderr.flush()
                if a.answered_file:
                    open(a.answered_file, "w").close()
                time.sleep(a.hold)
                return 0


if __name__ == "__main__":
    sys.exit(main())
