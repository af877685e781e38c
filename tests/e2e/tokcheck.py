#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# An independent checker for the tokens the end-to-end tests get over HTTP:
# written from the token layout below with the Python standard library only,
# so a token that passes here was not judged by our own C library.  It
# decodes a 006 or 007 token, recomputes its HMAC-SHA256 signature with the
# app certificate, and prints one JSON object (valid, app_id, times, services
# with their channel/uid/user fields).  The certificate comes from the
# environment (AGORA_APP_CERTIFICATE), never from argv.
#
# The layout (little-endian; string = u16 length + bytes, map = u16 count +
# entries):
#   006: "006" + app_id (32 chars) + base64(string(sig) + u32 crc32(channel)
#        + u32 crc32(uid) + string(m)); m = u32 salt + u32 ts +
#        map<u16, u32> privileges; sig = HMAC-SHA256(certificate,
#        app_id + channel + uid + m), uid "" for uid 0
#   007: "007" + base64(zlib(string(sig) + info)); info = string(app_id) +
#        u32 issue_ts + u32 expire + u32 salt + u16 count + services, each
#        u16 type + map<u16, u32> privileges + the type's fields;
#        sig = HMAC-SHA256(HMAC(u32 salt, HMAC(u32 issue_ts, certificate)),
#        info)
#
#   tokcheck.py TOKEN [--channel C --uid U]     (006 needs channel and uid)

import base64
import hashlib
import hmac
import json
import os
import struct
import sys
import zlib


class Reader:
    """Bounds-checked little-endian reader; raises ValueError on short input."""

    def __init__(self, data):
        self.d = data
        self.p = 0

    def take(self, n):
        if n > len(self.d) - self.p:
            raise ValueError("truncated")
        b = self.d[self.p:self.p + n]
        self.p += n
        return b

    def u16(self):
        return struct.unpack("<H", self.take(2))[0]

    def i16(self):
        return struct.unpack("<h", self.take(2))[0]

    def u32(self):
        return struct.unpack("<I", self.take(4))[0]

    def s(self):
        return self.take(self.u16())

    def privileges(self):
        out = {}
        for _ in range(self.u16()):
            k = self.u16()
            out[str(k)] = self.u32()
        return out

    def done(self):
        return self.p == len(self.d)


def text(b):
    return b.decode("utf-8", "replace")


def check006(tok, cert, channel, uid):
    app_id = tok[3:35]
    r = Reader(base64.b64decode(tok[35:], validate=True))
    sig = r.s()
    crc_ch = r.u32()
    crc_uid = r.u32()
    m = r.s()
    if not r.done():
        raise ValueError("trailing bytes")
    mr = Reader(m)
    salt = mr.u32()
    ts = mr.u32()
    privs = mr.privileges()
    if not mr.done():
        raise ValueError("trailing bytes in message")
    out = {"format": "006", "app_id": app_id, "salt": salt, "ts": ts,
           "privileges": privs, "valid": False}
    if channel is not None and uid is not None:
        uid_s = "" if uid == "0" else uid
        want = hmac.new(cert.encode(), app_id.encode() + channel.encode() +
                        uid_s.encode() + m, hashlib.sha256).digest()
        out["valid"] = (hmac.compare_digest(want, sig) and
                        crc_ch == zlib.crc32(channel.encode()) and
                        crc_uid == zlib.crc32(uid_s.encode()))
    return out


SERVICE_FIELDS = {
    1: ("channel", "uid"), 2: ("user_id",), 3: ("channel", "account"), 4: (),
    5: ("user_id",), 6: ("channel", "account"), 9: (), 10: (),
}


def check007(tok, cert):
    raw = zlib.decompress(base64.b64decode(tok[3:], validate=True))
    r = Reader(raw)
    sig = r.s()
    info = raw[r.p:]
    app_id = text(r.s())
    issue_ts = r.u32()
    expire = r.u32()
    salt = r.u32()
    services = []
    for _ in range(r.u16()):
        t = r.u16()
        svc = {"type": t, "privileges": r.privileges()}
        if t == 7:
            svc["room_uuid"] = text(r.s())
            svc["user_uuid"] = text(r.s())
            svc["role"] = r.i16()
        elif t == 8:
            svc["user_id"] = text(r.s())
            perms = {}
            for _ in range(r.u16()):
                rt = r.u16()
                kinds = {}
                for _ in range(r.u16()):
                    pt = r.u16()
                    kinds[str(pt)] = [text(r.s()) for _ in range(r.u16())]
                perms[str(rt)] = kinds
            svc["permissions"] = perms
        elif t in SERVICE_FIELDS:
            for f in SERVICE_FIELDS[t]:
                svc[f] = text(r.s())
        else:
            raise ValueError("unknown service type %d" % t)
        services.append(svc)
    if not r.done():
        raise ValueError("trailing bytes")
    k = hmac.new(struct.pack("<I", issue_ts), cert.encode(), hashlib.sha256).digest()
    k = hmac.new(struct.pack("<I", salt), k, hashlib.sha256).digest()
    want = hmac.new(k, info, hashlib.sha256).digest()
    return {"format": "007", "app_id": app_id, "issue_ts": issue_ts,
            "expire": expire, "salt": salt, "services": services,
            "valid": hmac.compare_digest(want, sig)}


def main(argv):
    if len(argv) < 2:
        print("usage: tokcheck.py TOKEN [--channel C --uid U]", file=sys.stderr)
        return 2
    tok = argv[1].strip()
    opts = dict(zip(argv[2::2], argv[3::2]))
    cert = os.environ.get("AGORA_APP_CERTIFICATE", "")
    try:
        if tok.startswith("006"):
            out = check006(tok, cert, opts.get("--channel"), opts.get("--uid"))
        elif tok.startswith("007"):
            out = check007(tok, cert)
        else:
            raise ValueError("not a 006 or 007 token")
    except (ValueError, zlib.error, struct.error) as e:
        print(json.dumps({"error": str(e)}))
        return 1
    print(json.dumps(out, sort_keys=True))
    return 0 if out["valid"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
