#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# Secret scanner for tests/secrets/leak.sh: searches files for any form of
# the app certificates named in the environment variable AGT_SECRETS
# (space-separated 32-character hex strings; never on our command line):
# the text as given, lower- and upper-case hex, the 16 raw bytes, the hex
# of the text, and standard or URL-safe base64 of the text and of the raw
# bytes at every alignment inside a longer base64 run.  Every 006/007
# token found in a file is also decoded (007: inflated) and its content
# searched.  Prints one line per hit naming the file and the form, never
# the secret; exit status 1 when anything was found, 0 when clean.
#
#   AGT_SECRETS="hex1 hex2" scan.py [--self-test] FILE...
import base64
import binascii
import os
import re
import sys
import zlib

TOKEN_RE = re.compile(rb"00[67][A-Za-z0-9+/=_-]{20,}")


def b64_cores(data):
    """Base64 pieces that encode DATA alone, whatever precedes it: for a
    run starting k bytes (k = 0, 1, 2) before DATA, the characters that
    depend on DATA's bytes only."""
    out = []
    n = len(data)
    for k in range(3):
        enc = base64.b64encode(b"\0" * k + data + b"\0\0")
        start = (8 * k + 5) // 6
        end = (8 * (k + n)) // 6
        core = enc[start:end]
        out.append(core)
        out.append(core.replace(b"+", b"-").replace(b"/", b"_"))
    return out


def forms(secret):
    """(name, bytes) for every form of one hex secret that we look for."""
    text = secret.encode()
    raw = binascii.unhexlify(secret)
    # Hex forms are matched case-insensitively (as given, lower, upper and
    # mixed case at once); binary and base64 forms exactly.
    f = [
        ("hex text (any case)", text.lower()),
        ("raw bytes", raw),
        ("hex of the text (any case)", binascii.hexlify(text).lower()),
    ]
    for i, core in enumerate(b64_cores(text)):
        f.append(("base64 of the text (alignment %d%s)" % (i // 2, ", url-safe" if i % 2 else ""), core))
    for i, core in enumerate(b64_cores(raw)):
        f.append(("base64 of the raw bytes (alignment %d%s)" % (i // 2, ", url-safe" if i % 2 else ""), core))
    # Drop duplicates (e.g. url-safe equal to standard).
    seen, out = set(), []
    for name, b in f:
        if b not in seen:
            seen.add(b)
            out.append((name, b))
    return out


def token_contents(data):
    """The decoded content of every 006/007 token in DATA."""
    for m in TOKEN_RE.finditer(data):
        t = m.group(0)
        body = t[3:]
        if t.startswith(b"006"):
            body = body[32:]
        body = body.replace(b"-", b"+").replace(b"_", b"/")
        for cut in range(len(body), max(len(body) - 4, 0), -1):
            piece = body[:cut]
            try:
                raw = base64.b64decode(piece + b"=" * (-len(piece) % 4), validate=False)
            except (binascii.Error, ValueError):
                continue
            if t.startswith(b"007"):
                try:
                    raw = zlib.decompress(raw)
                except zlib.error:
                    continue
            yield raw
            break


def scan(paths, secrets):
    hits = 0
    nbytes = ntokens = 0
    table = [(i, name, b) for i, s in enumerate(secrets) for name, b in forms(s)]
    for path in paths:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as e:
            print("scan: cannot read %s: %s" % (path, e))
            hits += 1
            continue
        nbytes += len(data)
        blobs = [("", data)]
        for c in token_contents(data):
            ntokens += 1
            blobs.append((" (inside a decoded token)", c))
        for where, blob in blobs:
            low = blob.lower()
            for i, name, b in table:
                hay = low if "any case" in name else blob
                if b in hay:
                    print("LEAK: %s: certificate #%d as %s%s" % (path, i + 1, name, where))
                    hits += 1
    print("scanned %d files, %d bytes, %d tokens decoded; %d hits"
          % (len(paths), nbytes, ntokens, hits))
    return hits


def self_test(tmpdir):
    """Plants every form of a made-up secret and checks each is found."""
    secret = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    planted = []
    for idx, (name, b) in enumerate(forms(secret)):
        p = os.path.join(tmpdir, "plant-%02d" % idx)
        with open(p, "wb") as fh:
            fh.write(b"prefix \x00\x01" + b + b" suffix")
        planted.append((name, p))
    extra = {
        "upper-case hex": secret.upper().encode(),
        "HEX of the text": binascii.hexlify(secret.encode()).upper(),
        "base64 inside a longer blob": base64.b64encode(b"xy" + secret.encode() + b"tail"),
        "mixed-case hex": (secret[:16].upper() + secret[16:]).encode(),
        "007 token holding the raw bytes": b"007" + base64.b64encode(
            zlib.compress(b"\x20\x00" + binascii.unhexlify(secret) + b"\x00" * 20)),
    }
    for name, b in extra.items():
        p = os.path.join(tmpdir, "plant-" + re.sub(r"\W+", "-", name))
        with open(p, "wb") as fh:
            fh.write(b"x " + b + b" y")
        planted.append((name, p))
    missed = []
    for name, p in planted:
        if scan([p], [secret]) == 0:
            missed.append(name)
    clean = os.path.join(tmpdir, "clean")
    with open(clean, "wb") as fh:
        fh.write(b"nothing secret here 0123456789abcdef")
    false_hit = scan([clean], [secret]) != 0
    for name in missed:
        print("SELF-TEST MISSED: %s" % name)
    if false_hit:
        print("SELF-TEST FALSE HIT on a clean file")
    print("self-test: %d forms planted, %d missed" % (len(planted), len(missed)))
    return 1 if missed or false_hit else 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "--self-test":
        return self_test(argv[1])
    secrets = os.environ.get("AGT_SECRETS", "").split()
    if not secrets:
        print("scan: AGT_SECRETS is empty")
        return 2
    for s in secrets:
        if not re.fullmatch(r"[0-9a-fA-F]{32}", s):
            print("scan: AGT_SECRETS holds something that is not 32 hex characters")
            return 2
    return 1 if scan(argv, [s.lower() for s in secrets]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
