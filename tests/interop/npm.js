// SPDX-License-Identifier: MIT
// npm.js - the official npm implementations (agora-token 2.0.6 and
// agora-access-token 2.0.4) driven by vector-format cases.  Loads both
// packages with salt and timestamps pinnable per call, maps every builder
// name of the vector format (vectors/README.md) to the npm call that
// corresponds to it, applies the documented corrections where an npm builder
// deliberately differs from the Python reference (README.md, "Decisions"),
// and parses tokens with the npm parsers into comparable field lists.
'use strict'

const path = require('path')
const crypto = require('crypto')
const zlib = require('zlib')

// The pin for the token being built: {salt, ts} (006) or {salt, issue_ts}
// (007).  Set around each npm call by withPin(); null means "npm defaults".
let pin = null

function withPin (p, fn) {
    pin = p
    try {
        return fn()
    } finally {
        pin = null
    }
}

// Distinguishes "the npm package refused or threw" (an empty token, as the
// vector format writes a refusal) from a built token.
function tryBuild (fn) {
    try {
        const t = fn()
        return typeof t === 'string' ? t : ''
    } catch (e) {
        return ''
    }
}

function load (modulesDir) {
    const at = path.join(modulesDir, 'agora-token')
    const aat = path.join(modulesDir, 'agora-access-token')
    const atPkg = require(path.join(at, 'package.json'))
    const aatPkg = require(path.join(aat, 'package.json'))

    // --- 007: every agora-token builder does `new AccessToken2(...)` through
    // the exports object of src/AccessToken2.js, captured when the builder
    // module is first required.  Replacing the export with a subclass that
    // sets .salt and .issueTs after construction, before any builder module
    // is loaded, pins every token those builders make.
    const a2mod = require(path.join(at, 'src', 'AccessToken2.js'))
    const AccessToken2 = a2mod.AccessToken2
    class PinnedAccessToken2 extends AccessToken2 {
        constructor (...args) {
            super(...args)
            if (pin) {
                this.salt = pin.salt
                this.issueTs = pin.issue_ts
            }
        }
    }
    a2mod.AccessToken2 = PinnedAccessToken2

    // --- 006: both packages build through the AccessToken function of their
    // src/AccessToken.js, whose salt is drawn once per process and whose ts is
    // now + 24 h.  A wrapper constructor returns the original object with
    // .salt and .ts overwritten; build() reads them from that object.
    function pin006 (mod) {
        const Orig = mod.AccessToken
        const Pinned = function (...args) {
            const t = new Orig(...args)
            if (pin) {
                t.salt = pin.salt
                t.ts = pin.ts
            }
            return t
        }
        mod.AccessToken = Pinned
        return Orig
    }
    const at006mod = require(path.join(at, 'src', 'AccessToken.js'))
    const aat006mod = require(path.join(aat, 'src', 'AccessToken.js'))
    const AccessTokenAt = pin006(at006mod)
    const AccessTokenAat = pin006(aat006mod)

    // Builders, loaded after the patches above.
    const AT = require(at)
    const at006 = {
        Rtc: require(path.join(at, 'src', 'RtcTokenBuilder.js')).RtcTokenBuilder,
        Rtm: require(path.join(at, 'src', 'RtmTokenBuilder.js')).RtmTokenBuilder
    }
    const aatIndex = require(aat)
    const aat006 = { Rtc: aatIndex.RtcTokenBuilder, Rtm: aatIndex.RtmTokenBuilder }

    return {
        versions: { 'agora-token': atPkg.version, 'agora-access-token': aatPkg.version },
        a2mod,
        AccessToken2, // the original class: parsing, and the facts
        PinnedAccessToken2,
        AT,
        at006,
        aat006,
        AccessToken006: { at: AccessTokenAt, aat: AccessTokenAat }, // originals
        Pinned006: { at: at006mod.AccessToken, aat: aat006mod.AccessToken },
        md5: require(path.join(modulesDir, 'md5')),
        crc32: require(path.join(modulesDir, 'crc-32'))
    }
}

// ---------------------------------------------------------------------------
// Vector args -> npm calls.

function rtm2Permissions (npm, perms) {
    const p = new npm.a2mod.Rtm2Permissions()
    for (const rt of Object.keys(perms || {})) {
        for (const pt of Object.keys(perms[rt])) {
            p.add(Number(rt), Number(pt), perms[rt][pt])
        }
    }
    return p
}

// One raw-form 007 service, built from its vector description with the npm
// service classes.  The APaaS role is stored directly: the npm constructor's
// `role || -1` would turn 0 into -1 (see README, "APaaS role 0"), and the raw
// form means "these exact fields".
function rawService (npm, s) {
    const m = npm.a2mod
    let svc
    switch (s.type) {
    case 1: svc = new m.ServiceRtc(s.channel_name, s.uid); break
    case 2: svc = new m.ServiceRtm(s.user_id); break
    case 3: svc = new m.ServiceStreaming(s.channel_name, s.account); break
    case 4: svc = new m.ServiceFpa(); break
    case 5: svc = new m.ServiceChat(s.user_id); break
    case 6: svc = new m.ServiceFCdn(s.channel_name, s.account); break
    case 7:
        svc = new m.ServiceApaas(s.room_uuid, s.user_uuid, s.role)
        svc.__role = s.role
        break
    case 8: svc = new m.ServiceRtm2(s.user_id, rtm2Permissions(npm, s.permissions)); break
    case 9: svc = new m.ServiceConvoAI(); break
    case 10: svc = new m.ServiceStt(); break
    default: svc = new m.Service(s.type)
    }
    for (const id of Object.keys(s.privileges || {})) {
        svc.add_privilege(id, s.privileges[id])
    }
    return svc
}

// Rebuilds a token from services the npm parser produced, pinned to salt and
// issue_ts: used to apply a documented correction to an npm builder's token
// while keeping everything else that builder produced.
function rebuild007 (npm, parsed, a, p) {
    return withPin(p, () => {
        const t = new npm.PinnedAccessToken2(a.app_id, a.app_certificate, p.issue_ts, parsed.expire)
        parsed.services.forEach(s => t.add_service(s))
        return t.build()
    })
}

// ApaasTokenBuilder / EducationTokenBuilder buildRoomUserToken in npm differ
// from the Python reference in two ways (README, "Room-user tokens"): no
// room-user privilege in the APaaS service, and role 0 stored as -1.  Check
// that both differences are still there (so an npm fix is noticed), then
// apply the Python semantics to the npm token.
function fixRoomUser (npm, token, a, p) {
    if (token === '') {
        return { token: '' }
    }
    const t = new npm.AccessToken2()
    if (!t.from_string(token)) {
        return { error: 'npm room-user token does not parse with the npm parser' }
    }
    const ap = t.services.find(s => s.service_type() === 7)
    if (!ap) {
        return { error: 'npm room-user token has no APaaS service' }
    }
    if (Object.keys(ap.__privileges).length !== 0) {
        return { error: 'deviation gone: npm room-user APaaS service now carries privileges; update README and npm.js' }
    }
    const npmRole = (a.role || -1) & 0xffff // the npm parser reads int16 unsigned
    if (ap.__role !== npmRole) {
        return { error: `deviation changed: npm room-user role ${ap.__role}, expected ${npmRole}` }
    }
    ap.__role = a.role
    ap.add_privilege(1, a.expire)
    return { token: rebuild007(npm, t, a, p) }
}

function rtc2 (npm) { return npm.AT.RtcTokenBuilder }

// Each entry: vector builder name -> { fmt, call(npm, args, pkg) }.  006
// builders exist in both packages (pkg 'at' or 'aat'); the 007 ones only in
// agora-token.
const BUILDERS = {
    'RtcTokenBuilder2.build_token_with_uid': {
        fmt: 7,
        role: 'role', loose: true,
        call: (npm, a) => rtc2(npm).buildTokenWithUid(a.app_id, a.app_certificate, a.channel_name,
            a.uid, a.role, a.token_expire, a.privilege_expire)
    },
    'RtcTokenBuilder2.build_token_with_user_account': {
        fmt: 7,
        role: 'role', loose: true,
        call: (npm, a) => rtc2(npm).buildTokenWithUserAccount(a.app_id, a.app_certificate, a.channel_name,
            a.account, a.role, a.token_expire, a.privilege_expire)
    },
    'RtcTokenBuilder2.build_token_with_uid_and_privilege': {
        fmt: 7,
        call: (npm, a) => rtc2(npm).buildTokenWithUidAndPrivilege(a.app_id, a.app_certificate, a.channel_name,
            a.uid, a.token_expire, a.join_channel_privilege_expire, a.pub_audio_privilege_expire,
            a.pub_video_privilege_expire, a.pub_data_stream_privilege_expire)
    },
    'RtcTokenBuilder2.build_token_with_user_account_and_privilege': {
        fmt: 7,
        // npm spells this one with a capital B.
        call: (npm, a) => rtc2(npm).BuildTokenWithUserAccountAndPrivilege(a.app_id, a.app_certificate,
            a.channel_name, a.account, a.token_expire, a.join_channel_privilege_expire,
            a.pub_audio_privilege_expire, a.pub_video_privilege_expire, a.pub_data_stream_privilege_expire)
    },
    'RtcTokenBuilder2.build_token_with_rtm': {
        fmt: 7,
        role: 'role', loose: true,
        call: (npm, a) => rtc2(npm).buildTokenWithRtm(a.app_id, a.app_certificate, a.channel_name,
            a.account, a.role, a.token_expire, a.privilege_expire)
    },
    'RtcTokenBuilder2.build_token_with_rtm2': {
        fmt: 7,
        role: 'rtc_role', loose: true,
        call: (npm, a) => rtc2(npm).buildTokenWithRtm2(a.app_id, a.app_certificate, a.channel_name,
            a.rtc_account, a.rtc_role, a.rtc_token_expire, a.join_channel_privilege_expire,
            a.pub_audio_privilege_expire, a.pub_video_privilege_expire, a.pub_data_stream_privilege_expire,
            a.rtm_user_id, a.rtm_token_expire)
    },
    'RtmTokenBuilder2.build_token': {
        fmt: 7,
        call: (npm, a) => npm.AT.RtmTokenBuilder.buildToken(a.app_id, a.app_certificate, a.user_id, a.expire)
    },
    'RtmTokenBuilder2.build_token_with_permissions': {
        fmt: 7,
        call: (npm, a) => npm.AT.RtmTokenBuilder.buildTokenWithPermissions(a.app_id, a.app_certificate,
            a.user_id, rtm2Permissions(npm, a.permissions), a.expire)
    },
    'ChatTokenBuilder2.build_user_token': {
        fmt: 7,
        call: (npm, a) => npm.AT.ChatTokenBuilder.buildUserToken(a.app_id, a.app_certificate, a.user_id, a.expire)
    },
    'ChatTokenBuilder2.build_app_token': {
        fmt: 7,
        call: (npm, a) => npm.AT.ChatTokenBuilder.buildAppToken(a.app_id, a.app_certificate, a.expire)
    },
    'FpaTokenBuilder.build_token': {
        fmt: 7,
        call: (npm, a) => npm.AT.FpaTokenBuilder.buildToken(a.app_id, a.app_certificate)
    },
    'ApaasTokenBuilder.build_room_user_token': {
        fmt: 7,
        call: (npm, a) => npm.AT.ApaasTokenBuilder.buildRoomUserToken(a.app_id, a.app_certificate,
            a.room_uuid, a.user_uuid, a.role, a.expire),
        fix: fixRoomUser
    },
    'ApaasTokenBuilder.build_user_token': {
        fmt: 7,
        call: (npm, a) => npm.AT.ApaasTokenBuilder.buildUserToken(a.app_id, a.app_certificate, a.user_uuid, a.expire)
    },
    'ApaasTokenBuilder.build_app_token': {
        fmt: 7,
        call: (npm, a) => npm.AT.ApaasTokenBuilder.buildAppToken(a.app_id, a.app_certificate, a.expire)
    },
    'EducationTokenBuilder.build_room_user_token': {
        fmt: 7,
        call: (npm, a) => npm.AT.EducationTokenBuilder.buildRoomUserToken(a.app_id, a.app_certificate,
            a.room_uuid, a.user_uuid, a.role, a.expire),
        fix: fixRoomUser
    },
    'EducationTokenBuilder.build_user_token': {
        fmt: 7,
        call: (npm, a) => npm.AT.EducationTokenBuilder.buildUserToken(a.app_id, a.app_certificate,
            a.user_uuid, a.expire)
    },
    'EducationTokenBuilder.build_app_token': {
        fmt: 7,
        call: (npm, a) => npm.AT.EducationTokenBuilder.buildAppToken(a.app_id, a.app_certificate, a.expire)
    },
    'ConvoAITokenBuilder.buildToken': {
        fmt: 7,
        role: 'rtcRole',
        call: (npm, a) => npm.AT.ConvoAITokenBuilder.buildToken(a.appId, a.appCertificate, a.channelName,
            a.rtcAccount, a.rtcRole, a.rtcTokenExpire, a.joinChannelPrivilegeExpire, a.pubAudioPrivilegeExpire,
            a.pubVideoPrivilegeExpire, a.pubDataStreamPrivilegeExpire, a.rtmUserId, a.rtmTokenExpire)
    },
    'SttTokenBuilder.buildToken': {
        fmt: 7,
        role: 'rtcRole',
        call: (npm, a) => npm.AT.SttTokenBuilder.buildToken(a.appId, a.appCertificate, a.channelName,
            a.rtcAccount, a.rtcRole, a.rtcTokenExpire, a.joinChannelPrivilegeExpire, a.pubAudioPrivilegeExpire,
            a.pubVideoPrivilegeExpire, a.pubDataStreamPrivilegeExpire, a.rtmUserId, a.rtmTokenExpire)
    },
    'AccessToken2.build': {
        fmt: 7,
        call: (npm, a) => {
            const t = new npm.PinnedAccessToken2(a.app_id, a.app_certificate, 0, a.expire)
            a.services.forEach(s => t.add_service(rawService(npm, s)))
            return t.build()
        }
    },
    'RtcTokenBuilder.buildTokenWithUid': {
        fmt: 6,
        role: 'role', loose: true,
        call: (npm, a, pkg) => npm[pkg + '006'].Rtc.buildTokenWithUid(a.appId, a.appCertificate, a.channelName,
            a.uid, a.role, a.privilegeExpiredTs),
        signed: a => [a.channelName, a.uid === 0 ? '' : `${a.uid}`]
    },
    'RtcTokenBuilder.buildTokenWithAccount': {
        fmt: 6,
        role: 'role', loose: true,
        call: (npm, a, pkg) => npm[pkg + '006'].Rtc.buildTokenWithAccount(a.appId, a.appCertificate,
            a.channelName, a.account, a.role, a.privilegeExpiredTs),
        signed: a => [a.channelName, a.account === 0 ? '' : `${a.account}`]
    },
    'RtmTokenBuilder.buildToken': {
        fmt: 6,
        call: (npm, a, pkg) => npm[pkg + '006'].Rtm.buildToken(a.appId, a.appCertificate, a.userAccount,
            a.role, a.privilegeExpiredTs),
        signed: a => [a.userAccount, '']
    },
    'AccessToken.build': {
        fmt: 6,
        call: (npm, a, pkg) => {
            const t = new npm.Pinned006[pkg](a.appID, a.appCertificate, a.channelName, a.uid)
            for (const id of Object.keys(a.privileges)) {
                t.addPriviledge(id, a.privileges[id])
            }
            return t.build()
        },
        signed: a => [a.channelName, a.uid === 0 ? '' : `${a.uid}`]
    }
}

// The 006 app id is a fixed 32-character field of the token text: every
// parser (Python, both npm packages, ours) slices 32 characters.  npm and
// Python build tokens from any app id; we refuse one that is not 32 bytes
// (README, "006 app id length").  Returns true when the case is such an id.
function bad006AppId (a) {
    return Buffer.byteLength(a.appID !== undefined ? a.appID : a.appId, 'utf8') !== 32
}

// The token the npm package builds for a case, with documented corrections
// applied: {token} or {error}.  pkg: 'at' (agora-token) or 'aat'
// (agora-access-token, 006 only).
function expected (npm, c, pkg) {
    const b = BUILDERS[c.builder]
    if (!b) {
        return { error: `unknown builder ${c.builder}` }
    }
    const p = b.fmt === 7 ? { salt: c.salt, issue_ts: c.issue_ts } : { salt: c.salt, ts: c.ts }
    const buildWith = args => withPin(p, () => tryBuild(() => b.call(npm, args, pkg)))
    let token = buildWith(c.args)
    // A role given as a string (README, "Role given as a string"): npm's
    // RtcTokenBuilder2 and 006 RtcTokenBuilder compare it with ==, so "1"
    // grants publishing; Python's == between str and int is False, as is
    // npm's === in ConvoAI/STT.  We follow Python: the expected token is the
    // one for a non-publisher role (2).
    if (b.role && typeof c.args[b.role] === 'string') {
        const asNumber = buildWith({ ...c.args, [b.role]: Number(c.args[b.role]) })
        const asSubscriber = buildWith({ ...c.args, [b.role]: 2 })
        if (b.loose && token !== asNumber) {
            return { error: 'deviation gone: npm no longer compares a string role with ==' }
        }
        if (!b.loose && token !== asSubscriber) {
            return { error: 'deviation changed: npm ConvoAI/STT now grants publishing to a string role' }
        }
        token = asSubscriber
    }
    if (b.fmt === 6 && bad006AppId(c.args)) {
        if (token === '') {
            return { error: 'deviation gone: npm now refuses a 006 app id that is not 32 bytes' }
        }
        return { token: '', npmToken: token }
    }
    if (b.fix) {
        return b.fix(npm, token, c.args, p)
    }
    return { token }
}

// ---------------------------------------------------------------------------
// Parsing with the npm parsers, into [field, value] lists that compare
// field by field.

function show (v) {
    if (Buffer.isBuffer(v)) {
        return 'hex:' + v.toString('hex')
    }
    if (v && typeof v === 'object') {
        const keys = Object.keys(v).sort()
        return '{' + keys.map(k => JSON.stringify(k) + ':' + show(v[k])).join(',') + '}'
    }
    return JSON.stringify(v)
}

// 007 fields as the agora-token parser sees them.  Note the npm parser stops
// at the first service type it does not know, and reads the APaaS role as
// unsigned; both sides go through the same parser, so neither matters here.
function fields007 (npm, token) {
    const t = new npm.AccessToken2()
    if (!t.from_string(token)) {
        return null
    }
    const f = [
        ['app_id', t.appId.toString('hex')],
        ['issue_ts', t.issueTs],
        ['expire', t.expire],
        ['salt', t.salt],
        ['service_count', t.services.length]
    ]
    t.services.forEach((s, i) => {
        f.push([`service[${i}].type`, s.service_type()])
        for (const k of Object.keys(s).sort()) {
            if (k === '__type') continue
            f.push([`service[${i}].${k.replace(/^__/, '')}`, show(s[k])])
        }
    })
    f.push(['signature', t.__signature.toString('hex')])
    return { fields: f, parsed: t }
}

// 006 fields as the given package's parser sees them.  agora-access-token's
// fromString never sets appID (it slices into a local variable with a wrong
// length): the app id is then read from the token text, which is what that
// parser would have needed to do.
function fields006 (npm, token, pkg) {
    const Ctor = npm.AccessToken006[pkg]
    const t = new Ctor('', '', '', '')
    const saved = console.log
    let ok
    console.log = () => {} // npm's fromString logs its exceptions
    try {
        ok = t.fromString(token)
    } finally {
        console.log = saved
    }
    if (!ok || !Buffer.isBuffer(t.signature) || !Buffer.isBuffer(t.m)) {
        return null
    }
    return {
        fields: [
            ['app_id', pkg === 'at' ? t.appID : token.substr(3, 32)],
            ['crc_channel', t.crc_channel_name],
            ['crc_uid', t.crc_uid],
            ['salt', t.salt],
            ['ts', t.ts],
            ['privileges', show(t.messages)],
            ['signature', t.signature.toString('hex')]
        ],
        parsed: t
    }
}

// 006 has no npm verifier: recompute the signature the npm way (HMAC-SHA256
// keyed with the certificate over app id + channel + uid string + m, the m
// bytes exactly as the npm parser returned them) and compare.
function verify006 (parsed, appId, cert, channel, uid) {
    const sig = crypto.createHmac('sha256', cert)
        .update(Buffer.concat([Buffer.from(appId, 'utf8'), Buffer.from(channel, 'utf8'),
            Buffer.from(uid, 'utf8'), parsed.m]))
        .digest()
    return sig.length === parsed.signature.length && crypto.timingSafeEqual(sig, parsed.signature)
}

function inflate007 (token) {
    try {
        return zlib.inflateSync(Buffer.from(token.substring(3), 'base64'))
    } catch (e) {
        return null
    }
}

module.exports = {
    load,
    withPin,
    tryBuild,
    BUILDERS,
    expected,
    fields007,
    fields006,
    verify006,
    inflate007,
    rawService,
    bad006AppId,
    show
}
