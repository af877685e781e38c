#!/bin/sh
# SPDX-License-Identifier: MIT
# seed-corpus.sh - (re)writes tests/fuzz/corpus/: 200 tokens per format
# taken evenly from vectors/*.jsonl, the malformed token shapes of
# tests/unit/parse-t.c rebuilt with Python's base64/zlib, the inflated
# content of 007 tokens (token007raw), and hand-written query strings,
# JSON bodies, paths, configuration files and whole requests from the
# responder tests and doc/http-api.md.  Deterministic: running it
# twice gives the same files.  Corpus files found by fuzzing are not kept
# here; minimise and add real finds to regress/ instead.
#
# usage: tests/fuzz/seed-corpus.sh [TOP_SRCDIR]
set -eu
top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
exec python3 - "$top" <<'PY'
import base64, glob, hashlib, json, os, shutil, struct, sys, zlib

top = sys.argv[1]
out = os.path.join(top, "tests", "fuzz", "corpus")
PER_FORMAT = 200
APP_ID = "970CA35de60c44645bbae8a215061b33"
CERT = "5CFd2fd1755d40ecb72977518be15d3b"

corpus = {}
def add(target, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    # make dist writes a v7 tar: whole paths must stay under 99 bytes
    if len(name) > 48:
        name = name[:39] + "-" + hashlib.sha1(name.encode()).hexdigest()[:8]
    corpus.setdefault(target, {})[name] = data

# ---- tokens from the vectors, spread evenly over the files ----
def tokens(files, prefix):
    rows = []
    for f in files:
        with open(f, encoding="utf-8") as fp:
            for line in fp:
                c = json.loads(line)
                if c.get("token", "").startswith(prefix):
                    rows.append((c["id"], c["token"]))
    if len(rows) <= PER_FORMAT:
        return rows
    # evenly spaced over every file, so each builder is sampled
    return [rows[i * len(rows) // PER_FORMAT] for i in range(PER_FORMAT)]

vec = sorted(glob.glob(os.path.join(top, "vectors", "*.jsonl")))
for ident, tok in tokens(vec, "006"):
    add("token006", ident, tok)
for ident, tok in tokens(vec, "007"):
    add("token007", ident, tok)
    add("token007raw", ident, zlib.decompress(base64.b64decode(tok[3:])))

# ---- malformed shapes (tests/unit/parse-t.c) ----
u16 = lambda v: struct.pack("<H", v)
u32 = lambda v: struct.pack("<I", v)
s16 = lambda b: u16(len(b)) + b
b64 = lambda b: base64.b64encode(b).decode()

def c006(siglen=32, m=None, mdecl=None):
    m = m if m is not None else u32(1) + u32(1111111) + u16(1) + u16(1) + u32(1446455471)
    return (u16(siglen) + b"\x5a" * siglen + u32(0x107d48b7) + u32(0xe551a057)
            + u16(len(m) if mdecl is None else mdecl) + m)

def t006(content):
    return "006" + APP_ID + b64(content)

good6 = c006()
m = u32(1) + u32(1111111) + u16(1) + u16(1) + u32(1446455471)
shapes6 = {
    "empty": "", "no_version": "hello world", "version_008": "008eJxTYBBbsMMn",
    "two_chars": "00", "short_app_id": "006" + APP_ID[:31], "app_id_only": "006" + APP_ID,
    "wellformed": t006(good6), "truncated_in_sig": t006(good6[:12]),
    "truncated_in_siglen": t006(good6[:1]), "truncated_in_crc": t006(good6[:40]),
    "truncated_in_m": t006(good6[:-1]), "trailing_bytes": t006(good6 + b"\0"),
    "siglen_31": t006(c006(31)), "siglen_33": t006(c006(33)), "siglen_0": t006(c006(0)),
    "m_length_beyond": t006(c006(mdecl=17)), "m_trailing": t006(c006(m=m + b"\0")),
    "m_truncated_in_ts": t006(c006(m=m[:7])), "m_truncated_in_count": t006(c006(m=m[:9])),
    "count_exceeds": t006(c006(m=m[:8] + u16(2) + m[10:])),
    "count_65535": t006(c006(m=m[:8] + u16(65535) + m[10:])),
    "no_privileges": t006(c006(m=m[:8] + u16(0))),
    "noncanonical_bits": "006" + APP_ID + "QR==", "missing_padding": "006" + APP_ID + "IACV0fZUBw+72cVo",
    "not_multiple_of_4": "006" + APP_ID + "IACV0fZ", "pad_in_middle": t006(good6)[:-6] + "=" + t006(good6)[-5:],
    "trailing_newline": t006(good6) + "\n", "bad_char": t006(good6)[:40] + "*" + t006(good6)[41:],
}
for k, v in shapes6.items():
    add("token006", "shape-" + k, v)

def head7(siglen=32, nsvc=1):
    return (u16(siglen) + b"\x33" * siglen + s16(APP_ID.encode()) + u32(1111111)
            + u32(600) + u32(1) + u16(nsvc))

def t007(content, extra=b"", cut=0):
    z = zlib.compress(content) + extra
    return "007" + b64(z[:len(z) - cut])

ok7 = head7() + u16(4) + u16(0)
raw7 = {
    "wellformed": ok7, "trailing": ok7 + b"\0", "truncated_in_service": ok7[:-1],
    "truncated_in_app_id": ok7[:44], "truncated_in_sig": ok7[:20], "empty": b"",
    "missing_service": head7(nsvc=2) + u16(4) + u16(0), "zero_services_with_data": head7(nsvc=0) + u16(4) + u16(0),
    "zero_services": head7(nsvc=0), "count_exceeds": head7() + u16(4) + u16(5),
    "siglen_31": head7(31) + u16(4) + u16(0),
    "rtm2_resource_count": head7() + u16(8) + u16(0) + s16(b"u") + u16(100) + u32(0),
    "rtm2_string_count": head7() + u16(8) + u16(0) + s16(b"u") + u16(1) + u16(0) + u16(1) + u16(0) + u16(9) + s16(b"r"),
    "rtm2_ok": head7() + u16(8) + u16(1) + u16(1) + u32(600) + s16(b"u") + u16(1) + u16(0) + u16(1) + u16(0) + u16(1) + s16(b"r"),
    "apaas_truncated_in_role": head7() + u16(7) + u16(0) + s16(b"") + s16(b"") + b"\xff",
    "apaas_ok": head7() + u16(7) + u16(1) + u16(1) + u32(0) + s16(b"room") + s16(b"user") + struct.pack("<h", -1),
    "uid_beyond_data": head7() + u16(1) + u16(0) + s16(b"ch") + u16(5) + b"1234",
    "rtc_ok": head7() + u16(1) + u16(2) + u16(1) + u32(600) + u16(2) + u32(0) + s16(b"ch") + s16(b"42"),
    "unknown_service": head7(nsvc=2) + u16(4) + u16(0) + u16(99) + b"rest",
    "all_types": head7(nsvc=10) + b"".join(
        u16(t) + u16(1) + u16(1) + u32(60) + {1: s16(b"c") + s16(b"u"), 2: s16(b"u"), 3: s16(b"c") + s16(b"a"),
         5: s16(b"u"), 6: s16(b"c") + s16(b"a"), 7: s16(b"r") + s16(b"u") + u16(1),
         8: s16(b"u") + u16(0)}.get(t, b"") for t in range(1, 11)),
}
for k, v in raw7.items():
    add("token007raw", "shape-" + k, v)
    add("token007", "shape-" + k, t007(v))
add("token007", "shape-not_zlib", "007" + b64(b"hello, world"))
add("token007", "shape-empty_body", "007")
add("token007", "shape-zlib_trailing_garbage", t007(ok7, b"x"))
add("token007", "shape-zlib_second_stream", t007(ok7, b"\x78\x9c\x03\x00\x00\x00\x00\x01"))
add("token007", "shape-zlib_truncated", t007(ok7, cut=1))
add("token007", "shape-space", "007eJxTYBBb sMMn")
add("token007", "shape-raw_deflate", "007" + b64(zlib.compress(ok7)[2:-4]))
add("token007", "shape-inflate_bomb", t007(b"\0" * (256 * 1024 + 1)))
add("token007", "shape-level9", "007" + b64(zlib.compress(ok7, 9)))
add("token007", "shape-level0", "007" + b64(zlib.compress(ok7, 0)))

# ---- query strings and form bodies (first byte: 0 query, 1 body) ----
queries = [
    "channel=c&uid=1", "channel=c&account=alice", "user=u", "channel=test&uid=123",
    "channel=c6&uid=77&format=006", "channel=c6&uid=0&format=006&role=2",
    "channel=pp&uid=9&join_expire=600&audio_expire=700&expire=900",
    "channel=ps&uid=9&join_expire=300&role=subscriber", "channel=rr&uid=5&rtm_user=bob&expire=1200",
    "room=room1&user=u1&role=2", "type=app", "channelName=c&uid=5", "account=bob",
    "channel_name=demo", "expiry=600", "token=007eJxTYBBbsMMn&channel=c&uid=1",
    "channel=a+b%20c&uid=4294967295", "channel=%E4%BD%A0&uid=1", "channel=c&channel=d",
    "a=1&&b=2", "=x", "novalue", "channel=%zz", "channel=%0", "channel=%00", "channel=%",
    "&".join("p%d=%d" % (i, i) for i in range(33)), "n" * 65 + "=1",
    "channel=c&uid=01", "uid=-1", "expire=86401&channel=c", "app=second&channel=c&uid=1",
]
for i, q in enumerate(queries):
    add("query", "q%02d" % i, b"\0" + q.encode())
    add("query", "b%02d" % i, b"\1" + q.encode())

# ---- JSON bodies ----
bodies = [
    '{"channel":"c","uid":1}', '{"channel":"f2","account":"amy","role":"subscriber"}',
    '{"token": "007eJxTYBBbsMMn"}', '{"channel":"c","uid":1.5}', '{"channel":"c","uid":-7}',
    '{"channel":"c","uid":1,"expire":1.5}', '{"channel":"c","uid":1', '[1,2]',
    '{"channel":{"a":1},"uid":1}', '{"channel":"ab\\u0000cd","uid":1}', '{"channel":"c","uid":1} x',
    '{"channel":"c","channel":"d","uid":1}', '{"tokenType":"rtc","channel":"c","uid":"alice"}',
    '{"tokenType":"rtm","expire":1800}', '', '{}', '{"a":null,"b":true,"c":false}',
    '{"uid":1e300}', '{"uid":4294967296}', '{"channel":"\\ud83d\\ude00","uid":"1"}',
    '{"channel":"\\ud800","uid":1}', ' {"channel" : "c" } \n', '{"channel":[]}',
    '{' + ",".join('"k%d":%d' % (i, i) for i in range(33)) + '}',
]
for i, b in enumerate(bodies):
    add("json", "j%02d" % i, b)

# ---- routes (first byte: method in bits 0-2, the other bits ignored) ----
paths = [
    "/v1/rtc", "/v1/rtm", "/v1/chat", "/v1/fpa", "/v1/apaas", "/v1/inspect", "/healthz",
    "/ping", "/getToken", "/rtc/c/publisher/uid/3/", "/rtc/c/publisher/uid/3", "/rtm/alice/",
    "/rte/c/publisher/userAccount/alice/", "/rte/c/publisher/userAccount/alice/bob/",
    "/chat/app/", "/chat/account/bob/", "/v1/token", "/rtcToken", "/rtmToken", "/", "",
    "/v1/nothing", "/v1/rtc/", "//v1/rtc", "/api/v1/rtc", "/cgi-bin/agora-token.fcgi/v1/rtc",
    "/a/b/c/d/e/f/g/h/i/j", "/rtc//publisher/uid/3/", "/rtc/c/publisher/uid/3/extra/",
    "/v1/rtm/foo", "/api/v1/rtm/foo/", "/chat/account/rtm/x/", "/api//v1/rtc",
]
for i, p in enumerate(paths):
    add("route", "get%02d" % i, b"\0" + p.encode())
    add("route", "pre%02d" % i, bytes([8 | (i % 5)]) + p.encode())

# ---- configuration files ----
apps = ('"apps":[{"name":"demo","app_id":"%s","certificate":"%s"},'
        '{"name":"second","app_id":"0123456789abcdef0123456789abcdef",'
        '"certificate":"fedcba9876543210fedcba9876543210"}]' % (APP_ID, CERT))
key = "a" * 64
configs = {
    "std": '{%s,"default_format":"007","default_expire":3600,"max_expire":86400,'
           '"cors_origins":["https://app.example"],"auth":{"mode":"none"}}' % apps,
    "apikey": '{%s,"auth":{"mode":"api_key","api_keys_sha256":["%s"]}}' % (apps, key),
    "remote_user": '{%s,"cors_origins":["https://app.example","http://localhost:8080"],'
                   '"auth":{"mode":"remote_user","bind_identity":true}}' % apps,
    "format006": '{%s,"default_format":"006","default_expire":60,"max_expire":315360000}' % apps,
    "broken": '{"apps": [', "array": "[1, 2]", "unknown": '{%s,"colour":"blue"}' % apps,
    "unknown_app_key": '{"apps":[{"name":"demo","app_id":"%s","certificate":"%s","cert":"x"}]}' % (APP_ID, CERT),
    "unknown_auth_key": '{%s,"auth":{"mode":"none","keys":[]}}' % apps,
    "dup_key": '{%s,"max_expire":600,"max_expire":900}' % apps,
    "no_apps": '{"max_expire": 600}', "bad_id": '{"apps":[{"name":"demo","app_id":"%s0","certificate":"%s"}]}' % (APP_ID, CERT),
    "cert_file": '{"apps":[{"name":"demo","app_id":"%s","certificate_file":"demo.cert"}]}' % APP_ID,
    "both_certs": '{"apps":[{"name":"demo","app_id":"%s","certificate":"%s","certificate_file":"x"}]}' % (APP_ID, CERT),
    "same_name": '{"apps":[{"name":"a","app_id":"%s","certificate":"%s"},{"name":"a","app_id":"%s","certificate":"%s"}]}' % (APP_ID, CERT, APP_ID.lower(), CERT),
    "expire_order": '{%s,"default_expire":90000}' % apps, "expire_float": '{%s,"max_expire":1.5}' % apps,
    "bad_origin": '{%s,"cors_origins":["https://a.example/"]}' % apps,
    "bind_without_ru": '{%s,"auth":{"mode":"api_key","bind_identity":true}}' % apps,
    "empty": "", "empty_object": "{}",
}
for k, v in configs.items():
    add("config", k, v)

# ---- whole requests (first byte: auth mode and read chunk size) ----
def request(flags, env, body=b""):
    if isinstance(body, str):
        body = body.encode()
    head = "".join("%s=%s\n" % kv for kv in env)
    if body:
        head += "CONTENT_LENGTH=%d\n" % len(body)
    return bytes([flags]) + head.encode() + b"\n" + body

tok7 = corpus["token007"][sorted(k for k in corpus["token007"] if not k.startswith("shape"))[0]].decode()
reqs = {
    "rtc_get": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/v1/rtc"), ("QUERY_STRING", "channel=c&uid=1")]),
    "rtc_006": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/v1/rtc"), ("QUERY_STRING", "channel=c6&uid=77&format=006&app=second")]),
    "rtc_post_json": (4, [("REQUEST_METHOD", "POST"), ("PATH_INFO", "/v1/rtc"), ("CONTENT_TYPE", "application/json")],
                      '{"channel":"f2","account":"amy","role":"subscriber","rtm_user":"amy"}'),
    "rtc_post_form": (8, [("REQUEST_METHOD", "POST"), ("PATH_INFO", "/v1/rtc"),
                          ("CONTENT_TYPE", "application/x-www-form-urlencoded; charset=utf-8")], "channel=c&uid=1&join_expire=60"),
    "rtm": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/v1/rtm"), ("QUERY_STRING", "user=u&expire=600")]),
    "chat_app": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/v1/chat"), ("QUERY_STRING", "type=app")]),
    "fpa": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/v1/fpa")]),
    "apaas": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/v1/apaas"), ("QUERY_STRING", "room=r&user=u&role=2")]),
    "inspect": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/v1/inspect"), ("QUERY_STRING", "token=" + tok7.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D"))]),
    "inspect_post": (12, [("REQUEST_METHOD", "POST"), ("PATH_INFO", "/v1/inspect"), ("CONTENT_TYPE", "application/json")],
                     json.dumps({"token": tok7, "channel": "c", "uid": "1"})),
    "healthz_head": (0, [("REQUEST_METHOD", "HEAD"), ("PATH_INFO", "/healthz")]),
    "options": (0, [("REQUEST_METHOD", "OPTIONS"), ("PATH_INFO", "/v1/rtc"), ("HTTP_ORIGIN", "https://example.com"),
                    ("HTTP_ACCESS_CONTROL_REQUEST_METHOD", "POST")]),
    "ping": (0, [("REQUEST_METHOD", "GET"), ("SCRIPT_NAME", "/ping")]),
    "get_token": (0, [("REQUEST_METHOD", "POST"), ("PATH_INFO", "/getToken")],
                  '{"tokenType":"rtc","channel":"c","role":"publisher","uid":"123","expire":3600}'),
    "go_rtc": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/rtc/c/publisher/uid/3/"), ("QUERY_STRING", "expiry=600")]),
    "go_rte": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/rte/c/publisher/userAccount/alice/bob/")]),
    "go_rtm": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/rtm/alice/")]),
    "go_chat": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/chat/account/bob/")]),
    "go_chat_app": (0, [("REQUEST_METHOD", "GET"), ("REQUEST_URI", "/api/chat/app/?expiry=60")]),
    "py_token": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/v1/token"), ("QUERY_STRING", "channel_name=demo")]),
    "node_rtc": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/rtcToken"), ("QUERY_STRING", "channelName=c&uid=5")]),
    "node_rtm": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/rtmToken"), ("QUERY_STRING", "account=bob")]),
    "apikey_ok": (1, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/v1/rtc"), ("QUERY_STRING", "channel=c&uid=1"),
                      ("HTTP_AUTHORIZATION", "Bearer fuzz-key")]),
    "apikey_bad": (1, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/v1/rtc"), ("QUERY_STRING", "channel=c&uid=1"),
                       ("HTTP_AUTHORIZATION", "Bearer nope")]),
    "remote_user": (2, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/v1/rtc"), ("QUERY_STRING", "channel=c&account=alice&rtm_user=alice"),
                        ("REMOTE_USER", "alice"), ("HTTP_ORIGIN", "https://example.com")]),
    "remote_user_other": (2, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/v1/rtm"), ("QUERY_STRING", "user=bob"), ("REMOTE_USER", "alice")]),
    "too_large": (0, [("REQUEST_METHOD", "POST"), ("PATH_INFO", "/v1/rtc"), ("CONTENT_TYPE", "application/json"),
                      ("CONTENT_LENGTH", "1000000")]),
    "short_body": (0, [("REQUEST_METHOD", "POST"), ("PATH_INFO", "/v1/rtc"), ("CONTENT_TYPE", "application/x-www-form-urlencoded"),
                       ("CONTENT_LENGTH", "100")], ),
    "latin1": (0, [("REQUEST_METHOD", "POST"), ("PATH_INFO", "/v1/rtc"), ("CONTENT_TYPE", "application/json; charset=iso-8859-1")],
               '{"channel":"c","uid":1}'),
    "put": (0, [("REQUEST_METHOD", "PUT"), ("PATH_INFO", "/v1/rtc")]),
    "no_method": (0, [("PATH_INFO", "/v1/rtc")]),
    "not_found": (0, [("REQUEST_METHOD", "GET"), ("PATH_INFO", "/v1/nothing")]),
    "split_root": (0, [("REQUEST_METHOD", "GET"), ("SCRIPT_NAME", "/v1"), ("PATH_INFO", "/rtc"), ("QUERY_STRING", "channel=c&uid=1")]),
    "split_cgi": (0, [("REQUEST_METHOD", "GET"), ("SCRIPT_NAME", "/cgi-bin/agora-token.fcgi"), ("PATH_INFO", "/v1/rtm/foo")]),
}
for k, v in reqs.items():
    add("request", k, request(*v))

# ---- write ----
for target, files in corpus.items():
    d = os.path.join(out, target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for name, data in files.items():
        with open(os.path.join(d, name), "wb") as fp:
            fp.write(data)
    print("%-12s %4d files" % (target, len(files)))
PY
