// SPDX-License-Identifier: MIT
// cases.js - the seeded random case generator of the interop harness.
// Draws vector-format cases (vectors/README.md) over every builder both the
// npm packages and agoratoken have, with UTF-8 strings (accents, CJK, emoji,
// control characters), boundary lengths and numbers, valid and invalid app
// ids, and the pinned families of README.md ("Decisions").  The same seed
// gives the same cases on every machine: the PRNG is ours (xoshiro128**
// seeded by splitmix32), never Math.random.
'use strict'

const U32_MAX = 4294967295

function makeRng (seed) {
    // splitmix32 over both 32-bit halves of the seed fills xoshiro's state.
    let x = (seed % 4294967296) >>> 0
    const hi = Math.floor(seed / 4294967296) >>> 0
    x = (x ^ Math.imul(hi, 0x85ebca6b)) >>> 0
    function sm () {
        x = (x + 0x9e3779b9) | 0
        let t = x ^ (x >>> 16)
        t = Math.imul(t, 0x21f0aaad)
        t ^= t >>> 15
        t = Math.imul(t, 0x735a2d97)
        return (t ^ (t >>> 15)) >>> 0
    }
    let s0 = sm(); let s1 = sm(); let s2 = sm(); let s3 = sm()
    const rotl = (v, k) => (v << k) | (v >>> (32 - k))
    function next () {
        const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
        const t = s1 << 9
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 11)
        return r
    }
    const r = {
        u32: next,
        // uniform in 0..n-1 for 1 <= n <= 2^32 (rejection, no modulo bias)
        below (n) {
            const lim = 4294967296 - (4294967296 % n)
            let v
            do { v = next() } while (v >= lim)
            return v % n
        },
        int (lo, hi) { return lo + r.below(hi - lo + 1) },
        pick (arr) { return arr[r.below(arr.length)] },
        chance (perMille) { return r.below(1000) < perMille }
    }
    return r
}

// ---------------------------------------------------------------------------
// Strings.  Lengths are UTF-8 byte lengths, as the token formats count them.

const AGORA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()+-:;<=.>?@[]^_{}|~,'
const LATIN = 'àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÉÎÕÜÑÇÅØÆŒœĀāĒēŁłŚśŻżĞğŞşİıΩαβγδЖжЯя'

function charOf (r, cls) {
    switch (cls) {
    case 'agora': return r.pick(AGORA)
    case 'ascii': return String.fromCharCode(r.int(0x20, 0x7e))
    case 'latin': return r.pick([...LATIN])
    case 'cjk': return String.fromCharCode(r.int(0x4e00, 0x9fff))
    case 'emoji': return String.fromCodePoint(r.int(0x1f300, 0x1faff))
    case 'ctrl': return String.fromCharCode(r.pick([1, 7, 8, 9, 10, 13, 27, 31, 0x7f, 0x85, 0xa0, 0x2028, 0xfeff]))
    default: return charOf(r, r.pick(['agora', 'ascii', 'latin', 'cjk', 'emoji', 'ctrl']))
    }
}

// A string of exactly n UTF-8 bytes from character class cls; wide characters
// that would overshoot are replaced by ASCII.  Never U+0000: the CLI reads
// cases through cJSON, whose strings end at NUL.
function strOfBytes (r, n, cls) {
    let s = ''
    let left = n
    while (left > 0) {
        let ch = charOf(r, cls)
        let b = Buffer.byteLength(ch, 'utf8')
        if (b > left) {
            ch = r.pick(AGORA)
            b = 1
        }
        s += ch
        left -= b
    }
    return s
}

// A string argument.  c.fam collects the family names of the case; c.huge
// allows at most one string near 64 KiB per case, which keeps every token
// below the parse limits of agoratoken.h (AGT_PARSE_*_MAX, 256 KiB).
function str (c, opts = {}) {
    const r = c.r
    const k = r.below(1000)
    let n
    if (k < 60) n = 0
    else if (k < 110) n = 1
    else if (k < 150) n = 63
    else if (k < 190) n = 64
    else if (k < 230) n = 255
    else if (k < 270) n = 256
    else if (k < 300) n = r.int(257, 1024)
    else if (k < 301 && !c.huge && !opts.small && r.chance(500)) { n = 65535; c.huge = true; c.fam.add('len65535') }
    else if (k < 302 && !c.huge && !opts.small && r.chance(500)) { n = 65536; c.huge = true; c.fam.add('len65536') }
    else n = r.int(2, 40)
    const kc = r.below(100)
    const cls = kc < 40 ? 'agora' : kc < 52 ? 'ascii' : kc < 62 ? 'latin' : kc < 72 ? 'cjk'
        : kc < 82 ? 'emoji' : kc < 87 ? 'ctrl' : 'mixed'
    if (cls !== 'agora' && cls !== 'ascii' && n > 0) c.fam.add('utf8')
    return strOfBytes(r, n, cls)
}

// An account or user id: a string, sometimes one that looks like a number
// (the npm and Python builders keep such a string as it is: "0" stays "0").
function account (c, numbers) {
    if (numbers && c.r.chance(30)) {
        c.fam.add('account_number')
        return uid(c)
    }
    if (c.r.chance(60)) {
        c.fam.add('numeric_account')
        return c.r.pick(['0', '00', '1', '-1', ' 1', '1.0', '0x10', '4294967295', '4294967296', '2882341273'])
    }
    return str(c)
}

// ---------------------------------------------------------------------------
// Numbers.

const U32_EDGES = [0, 1, 2, 255, 256, 65535, 65536, 2147483647, 2147483648, 4294967294, U32_MAX]

function u32 (c) {
    const k = c.r.below(100)
    if (k < 30) return c.r.pick(U32_EDGES)
    if (k < 65) return c.r.u32()
    return c.r.int(0, 100000)
}

function expire (c) {
    const k = c.r.below(100)
    if (k < 25) return c.r.pick([0, 1, 600, 3600, 86400, 2147483647, 2147483648, U32_MAX])
    if (k < 55) return c.r.u32()
    return c.r.int(0, 100000)
}

function timestamp (c) {
    const k = c.r.below(100)
    if (k < 40) return c.r.int(1600000000, 1900000000)
    if (k < 70) return c.r.u32()
    c.fam.add('ts_edge')
    return c.r.pick([0, 1, 2147483647, 2147483648, 4294967294, U32_MAX])
}

// Numbers outside 0..2^32-1 given as a uid: no implementation checks the
// range, each formats the integer in decimal ('uid_beyond_u32').
function uidWide (c) {
    if (c.r.chance(15)) {
        c.fam.add('uid_beyond_u32')
        return c.r.pick([4294967296, 9007199254740991, -1, -2147483648])
    }
    return uid(c)
}

function uid (c) {
    const k = c.r.below(100)
    if (k < 30) {
        const v = c.r.pick([0, 1, 2147483647, 2147483648, 4294967294, U32_MAX])
        if (v === 0) c.fam.add('uid0')
        return v
    }
    if (k < 70) return c.r.u32()
    return c.r.int(0, 10000)
}

// A role is a number; 'role_string' gives it as a decimal string, where
// the official implementations disagree (README, "Role given as a string").
function role007 (c) {
    const k = c.r.below(1000)
    const v = k < 800 ? c.r.pick([1, 2]) : c.r.pick([0, 101, 1, 2])
    if (k >= 985) { c.fam.add('role_string'); return String(v) }
    return v
}

function role006 (c) {
    const v = c.r.pick([0, 1, 2, 101])
    if (c.r.chance(15)) { c.fam.add('role_string'); return String(v) }
    return v
}

function apaasRole (c) {
    const k = c.r.below(100)
    if (k < 20) { c.fam.add('apaas_role0'); return 0 }
    if (k < 60) return c.r.pick([1, 2, 3])
    if (k < 70) return -1
    if (k < 80) return c.r.pick([-32768, 32767])
    return c.r.int(-32768, 32767)
}

// ---------------------------------------------------------------------------
// App ids and certificates.

function hex (r, n, upper) {
    let s = ''
    for (let i = 0; i < n; i++) {
        const d = r.below(16).toString(16)
        s += upper === 'mixed' ? (r.chance(500) ? d.toUpperCase() : d) : upper ? d.toUpperCase() : d
    }
    return s
}

// 007: 32 hex characters, or one of the invalid families.  'hexid_ws' is 30
// hex digits with whitespace at byte-pair boundaries: Python's
// bytes.fromhex() accepts it, npm's /^[0-9a-fA-F]{32}$/ does not, and we
// follow npm (README, "App id validation").
function hexId (c) {
    const r = c.r
    const k = r.below(1000)
    if (k < 880) return hex(r, 32, false)
    if (k < 930) { c.fam.add('hexid_upper'); return hex(r, 32, r.chance(500) ? true : 'mixed') }
    if (k < 950) {
        c.fam.add('hexid_ws')
        const h = hex(r, 30, false)
        const ws = () => r.pick([' ', '\t', '\n', '\r', '\x0b', '\x0c'])
        const cut = 2 * r.int(0, 15)
        if (r.chance(500)) return ws() + h.slice(0, cut) + ws() + h.slice(cut)
        return h.slice(0, cut) + ws() + ws() + h.slice(cut)
    }
    c.fam.add('hexid_bad')
    const kind = r.below(6)
    if (kind === 0) return hex(r, 31, false)
    if (kind === 1) return hex(r, 33, false)
    if (kind === 2) return ''
    if (kind === 3) { const h = hex(r, 32, false); const i = r.below(32); return h.slice(0, i) + r.pick('gxzG-') + h.slice(i + 1) }
    if (kind === 4) return 'é'.repeat(32)
    return hex(r, 16, false) + '０' + hex(r, 15, false) // a full-width digit
}

// 006: the app id is any 32-byte text (npm and Python do not check it); the
// 'appid006_len' family has another length, which we refuse (README).
function appId006 (c) {
    const r = c.r
    const k = r.below(1000)
    if (k < 850) return hex(r, 32, r.chance(100) ? 'mixed' : false)
    if (k < 960) { c.fam.add('appid006_text'); return strOfBytes(r, 32, 'ascii') }
    c.fam.add('appid006_len')
    return r.pick([() => '', () => hex(r, 31, false), () => hex(r, 33, false), () => hex(r, 64, false)])()
}

// 006: the certificate is only an HMAC key (UTF-8 of any text).
function cert006 (c) {
    if (c.r.chance(900)) return hex(c.r, 32, false)
    c.fam.add('cert006_text')
    return str(c, { small: true })
}

// ---------------------------------------------------------------------------
// Privileges, permissions, services.

function privileges (c, typical, maxN) {
    const r = c.r
    const n = r.chance(20) ? r.int(5, maxN) : r.int(0, 4)
    const p = {}
    for (let i = 0; i < n; i++) {
        const id = r.chance(700) ? r.pick(typical) : r.int(0, 65535)
        p[String(id)] = expire(c)
    }
    return p
}

function permissions (c) {
    const r = c.r
    const perms = {}
    const nrt = r.int(0, 4)
    for (let i = 0; i < nrt; i++) {
        const rt = r.chance(800) ? r.int(0, 4) : r.int(0, 65535)
        const m = perms[String(rt)] || {}
        const npt = r.int(1, 2)
        for (let j = 0; j < npt; j++) {
            const pt = r.chance(900) ? r.int(0, 1) : r.int(0, 65535)
            const res = []
            const nres = r.int(0, 4)
            for (let k = 0; k < nres; k++) res.push(str(c, { small: true }))
            m[String(pt)] = res
        }
        perms[String(rt)] = m
    }
    if (nrt > 0) c.fam.add('rtm2_perms')
    return perms
}

const TYPICAL_PRIVS = {
    1: [1, 2, 3, 4], 2: [1], 3: [1, 2], 4: [1], 5: [1, 2], 6: [1, 2], 7: [1, 2, 3], 8: [1], 9: [1], 10: [1]
}

function rawService (c, type) {
    const s = { type, privileges: privileges(c, TYPICAL_PRIVS[type] || [1, 2, 3], 20) }
    switch (type) {
    case 1: s.channel_name = str(c); s.uid = uid006(c); break
    case 2: case 5: s.user_id = str(c); break
    case 3: case 6: s.channel_name = str(c); s.account = account(c, true); break
    case 7: s.room_uuid = str(c); s.user_uuid = str(c); s.role = apaasRole(c); break
    case 8: s.user_id = str(c); s.permissions = permissions(c); break
    }
    return s
}

function rawServices (c) {
    const r = c.r
    if (r.chance(10)) { c.fam.add('no_services'); return [] }
    const n = r.chance(100) ? r.int(6, 12) : r.int(1, 5)
    const out = []
    for (let i = 0; i < n; i++) {
        let type
        if (r.chance(30)) {
            type = r.pick([0, 11, 12, 255, 4096, 65535])
            c.fam.add('unknown_service')
        } else {
            type = r.int(1, 10)
            if (type === 3 || type === 6) c.fam.add('streaming_fcdn')
        }
        // a repeated type checks the stable order of equal types
        if (out.length > 0 && r.chance(150)) {
            type = r.pick(out).type
            c.fam.add('dup_service')
        }
        out.push(rawService(c, type))
    }
    return out
}

// ---------------------------------------------------------------------------
// Builders: vector name, format, args generator, weight.  pkgs says which npm
// package(s) implement it.

const G7 = {
    'RtcTokenBuilder2.build_token_with_uid': c => ({
        app_id: hexId(c), app_certificate: hexId(c), channel_name: str(c), uid: uidWide(c),
        role: role007(c), token_expire: expire(c), privilege_expire: expire(c)
    }),
    'RtcTokenBuilder2.build_token_with_user_account': c => ({
        app_id: hexId(c), app_certificate: hexId(c), channel_name: str(c), account: account(c, true),
        role: role007(c), token_expire: expire(c), privilege_expire: expire(c)
    }),
    'RtcTokenBuilder2.build_token_with_uid_and_privilege': c => ({
        app_id: hexId(c), app_certificate: hexId(c), channel_name: str(c), uid: uid(c),
        token_expire: expire(c), join_channel_privilege_expire: expire(c),
        pub_audio_privilege_expire: expire(c), pub_video_privilege_expire: expire(c),
        pub_data_stream_privilege_expire: expire(c)
    }),
    'RtcTokenBuilder2.build_token_with_user_account_and_privilege': c => ({
        app_id: hexId(c), app_certificate: hexId(c), channel_name: str(c), account: account(c, true),
        token_expire: expire(c), join_channel_privilege_expire: expire(c),
        pub_audio_privilege_expire: expire(c), pub_video_privilege_expire: expire(c),
        pub_data_stream_privilege_expire: expire(c)
    }),
    'RtcTokenBuilder2.build_token_with_rtm': c => ({
        app_id: hexId(c), app_certificate: hexId(c), channel_name: str(c), account: account(c),
        role: role007(c), token_expire: expire(c), privilege_expire: expire(c)
    }),
    'RtcTokenBuilder2.build_token_with_rtm2': c => ({
        app_id: hexId(c), app_certificate: hexId(c), channel_name: str(c), rtc_account: rtcAccount(c),
        rtc_role: role007(c), rtc_token_expire: expire(c), join_channel_privilege_expire: expire(c),
        pub_audio_privilege_expire: expire(c), pub_video_privilege_expire: expire(c),
        pub_data_stream_privilege_expire: expire(c), rtm_user_id: str(c), rtm_token_expire: expire(c)
    }),
    'RtmTokenBuilder2.build_token': c => ({
        app_id: hexId(c), app_certificate: hexId(c), user_id: str(c), expire: expire(c)
    }),
    'RtmTokenBuilder2.build_token_with_permissions': c => ({
        app_id: hexId(c), app_certificate: hexId(c), user_id: str(c), permissions: permissions(c),
        expire: expire(c)
    }),
    'ChatTokenBuilder2.build_user_token': c => ({
        app_id: hexId(c), app_certificate: hexId(c), user_id: str(c), expire: expire(c)
    }),
    'ChatTokenBuilder2.build_app_token': c => ({
        app_id: hexId(c), app_certificate: hexId(c), expire: expire(c)
    }),
    'FpaTokenBuilder.build_token': c => ({ app_id: hexId(c), app_certificate: hexId(c) }),
    'ApaasTokenBuilder.build_room_user_token': c => roomUser(c),
    'ApaasTokenBuilder.build_user_token': c => ({
        app_id: hexId(c), app_certificate: hexId(c), user_uuid: str(c), expire: expire(c)
    }),
    'ApaasTokenBuilder.build_app_token': c => ({
        app_id: hexId(c), app_certificate: hexId(c), expire: expire(c)
    }),
    'EducationTokenBuilder.build_room_user_token': c => roomUser(c),
    'EducationTokenBuilder.build_user_token': c => ({
        app_id: hexId(c), app_certificate: hexId(c), user_uuid: str(c), expire: expire(c)
    }),
    'EducationTokenBuilder.build_app_token': c => ({
        app_id: hexId(c), app_certificate: hexId(c), expire: expire(c)
    }),
    'ConvoAITokenBuilder.buildToken': c => rtm2Camel(c),
    'SttTokenBuilder.buildToken': c => rtm2Camel(c),
    'AccessToken2.build': c => ({
        app_id: hexId(c), app_certificate: hexId(c), expire: expire(c), services: rawServices(c)
    })
}

// The RTC user of build_token_with_rtm2: a uid (number) or an account.
function rtcAccount (c) {
    return c.r.chance(400) ? uid(c) : account(c)
}

function roomUser (c) {
    c.fam.add('room_user')
    return {
        app_id: hexId(c), app_certificate: hexId(c), room_uuid: str(c), user_uuid: str(c),
        role: apaasRole(c), expire: expire(c)
    }
}

function rtm2Camel (c) {
    return {
        appId: hexId(c), appCertificate: hexId(c), channelName: str(c), rtcAccount: rtcAccount(c),
        rtcRole: role007(c), rtcTokenExpire: expire(c), joinChannelPrivilegeExpire: expire(c),
        pubAudioPrivilegeExpire: expire(c), pubVideoPrivilegeExpire: expire(c),
        pubDataStreamPrivilegeExpire: expire(c), rtmUserId: str(c), rtmTokenExpire: expire(c)
    }
}

// 006 uids: a number in 0..2^32-1, sometimes the same number as a decimal
// string ("uid_string": both implementations format it the same way, and "0"
// as a string is "0", not "").
function uid006 (c) {
    const v = uidWide(c)
    if (c.r.chance(80)) { c.fam.add('uid_string'); return String(v) }
    return v
}

const G6 = {
    'RtcTokenBuilder.buildTokenWithUid': c => ({
        appId: appId006(c), appCertificate: cert006(c), channelName: str(c), uid: uid006(c),
        role: role006(c), privilegeExpiredTs: u32(c)
    }),
    'RtcTokenBuilder.buildTokenWithAccount': c => ({
        appId: appId006(c), appCertificate: cert006(c), channelName: str(c), account: account(c),
        role: role006(c), privilegeExpiredTs: u32(c)
    }),
    'RtmTokenBuilder.buildToken': c => ({
        appId: appId006(c), appCertificate: cert006(c), userAccount: str(c), role: 1,
        privilegeExpiredTs: u32(c)
    }),
    // Up to 150 privileges: the npm 006 packer has a fixed 1024-byte buffer
    // and corrupts or throws beyond 161 (README, "006 privilege count").
    'AccessToken.build': c => ({
        appID: appId006(c), appCertificate: cert006(c), channelName: str(c), uid: uid006(c),
        privileges: privileges(c, [1, 2, 3, 4, 1000], 150)
    })
}

// [pkg, builder, weight]
const TABLE = []
for (const b of Object.keys(G7)) TABLE.push(['at', b, b === 'AccessToken2.build' ? 4 : 1])
for (const b of Object.keys(G6)) {
    const w = b === 'AccessToken.build' ? 2 : 1
    TABLE.push(['at', b, w])
    TABLE.push(['aat', b, w])
}
const TOTAL_WEIGHT = TABLE.reduce((s, t) => s + t[2], 0)

function salt007 (c) {
    if (c.r.chance(900)) return c.r.int(1, 99999999)
    c.fam.add('salt_edge')
    return c.r.pick([0, 1, 99999999, 100000000, 2147483648, U32_MAX])
}

function salt006 (c) {
    const k = c.r.below(100)
    if (k < 70) return c.r.int(1, 99999999)
    c.fam.add('salt_edge')
    if (k < 90) return c.r.u32() // npm 006 draws 0..2^32-2
    return c.r.pick([0, 1, 99999999, 100000000, 2147483648, U32_MAX])
}

// Case i of a run: the first TABLE.length cases take each (pkg, builder)
// once, so every builder is drawn even in short runs; the rest by weight.
function makeCase (seed, i, r) {
    let entry
    if (i < TABLE.length) {
        entry = TABLE[i]
    } else {
        let w = r.below(TOTAL_WEIGHT)
        for (entry of TABLE) {
            if (w < entry[2]) break
            w -= entry[2]
        }
    }
    const [pkg, builder] = entry
    const c = { r, fam: new Set(), huge: false }
    const is7 = Object.prototype.hasOwnProperty.call(G7, builder)
    const args = (is7 ? G7 : G6)[builder](c)
    const out = { id: '', builder, args }
    if (is7) {
        out.salt = salt007(c)
        out.issue_ts = timestamp(c)
    } else {
        out.salt = salt006(c)
        out.ts = timestamp(c)
    }
    const fam = [...c.fam].sort().join(',') || 'plain'
    out.id = `${seed}/${i}/${pkg}/${fam}`
    return { pkg, fmt: is7 ? 7 : 6, c: out }
}

// "seed/i/pkg/fam,fam" -> {pkg, fams}
function parseId (id) {
    const p = String(id).split('/')
    if (p.length !== 4) return null
    return { seed: p[0], i: Number(p[1]), pkg: p[2], fams: p[3].split(',') }
}

module.exports = { makeRng, makeCase, parseId, TABLE, strOfBytes }
