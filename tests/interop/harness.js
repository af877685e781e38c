#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// harness.js - the live differential test between agoratoken's CLI and the
// official npm packages agora-token 2.0.6 and agora-access-token 2.0.4.
//
//   harness.js run --cli PATH [--seed N|random]... [--cases N] [--keep DIR]
//       TAP: the npm facts README.md documents, then per seed
//       (a) npm builds every case -> `agora-token vectors check -` must
//           rebuild it equal (006 bytes, 007 inflated payload) and parse and
//           verify the npm token;
//       (b) `agora-token vectors build -` -> the npm parsers read our tokens
//           and every field must equal what npm built; signatures verify;
//       (c) counts per builder and per family;
//       then pins of our own choices (README.md, "Decisions") that need our
//       CLI alone: a 006 token npm cannot build, and unpinned salts.
//   harness.js gen [--seed N] [--cases N]     cases with npm tokens, JSON Lines
//   harness.js verify [FILE|-]                 check (b) on `vectors build` output
//   harness.js facts                           the npm facts alone, as TAP
//
// Options: --modules DIR (default: node_modules next to this file, or
// $AGT_INTEROP_NODE_MODULES).  One Node process and one CLI process per
// check, so 20,000 cases take seconds.
'use strict'

const fs = require('fs')
const path = require('path')
const crypto = require('crypto')
const { spawnSync } = require('child_process')
const N = require('./npm.js')
const C = require('./cases.js')

// ---------------------------------------------------------------------------
// Options.

function usage (msg) {
    if (msg) process.stderr.write(`harness.js: ${msg}\n`)
    process.stderr.write('usage: harness.js run --cli PATH [--seed N|random]... [--cases N] [--keep DIR]\n' +
        '       harness.js gen [--seed N] [--cases N]\n' +
        '       harness.js verify [FILE|-]\n' +
        '       harness.js facts\n' +
        'common: --modules DIR  node_modules holding agora-token and agora-access-token\n')
    process.exit(2)
}

function parseArgs (argv) {
    const o = { mode: argv[0], seeds: [], cases: 20000, cli: null, keep: null, modules: null, file: '-' }
    for (let i = 1; i < argv.length; i++) {
        const a = argv[i]
        const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i] }
        if (a === '--seed') o.seeds.push(val())
        else if (a === '--cases') o.cases = Number(val())
        else if (a === '--cli') o.cli = val()
        else if (a === '--keep') o.keep = val()
        else if (a === '--modules') o.modules = val()
        else if (!a.startsWith('--')) o.file = a
        else usage(`unknown option ${a}`)
    }
    if (!Number.isSafeInteger(o.cases) || o.cases < 1) usage('--cases must be a positive integer')
    if (o.seeds.length === 0) o.seeds.push('random')
    o.seeds = o.seeds.map(s => {
        if (s === 'random') return crypto.randomInt(0, 2 ** 47)
        if (!/^[0-9]{1,15}$/.test(s)) usage(`bad seed ${s}`)
        return Number(s)
    })
    return o
}

function loadNpm (o) {
    const dir = o.modules || process.env.AGT_INTEROP_NODE_MODULES || path.join(__dirname, 'node_modules')
    if (!fs.existsSync(path.join(dir, 'agora-token', 'package.json')) ||
        !fs.existsSync(path.join(dir, 'agora-access-token', 'package.json'))) {
        return { error: `npm packages not installed in ${dir} (run: npm ci --prefix tests/interop)` }
    }
    const npm = N.load(dir)
    if (npm.versions['agora-token'] !== '2.0.6' || npm.versions['agora-access-token'] !== '2.0.4') {
        return { error: `wrong npm versions ${JSON.stringify(npm.versions)}; want agora-token 2.0.6, agora-access-token 2.0.4` }
    }
    return { npm, dir }
}

// ---------------------------------------------------------------------------
// Generation: cases with the npm token ("" where npm refuses or throws).

// Cases start..start+count-1 of seed; r is the seed's PRNG, carried from
// one chunk to the next.
function generate (npm, seed, count, r = C.makeRng(seed), start = 0) {
    const lines = []
    const problems = []
    const known = new Map() // id -> {c, pkg, token}: the case as sent, npm's expectation
    for (let i = start; i < start + count; i++) {
        const { pkg, fmt, c } = C.makeCase(seed, i, r)
        const e = N.expected(npm, c, pkg)
        if (e.error) {
            problems.push(`${c.id}: ${e.error}`)
            continue
        }
        // the pin must have reached the npm token object
        if (e.token !== '') {
            const got = pinOf(e.token, fmt)
            const want = fmt === 7 ? [c.salt, c.issue_ts] : [c.salt, c.ts]
            if (!got || got[0] !== want[0] || got[1] !== want[1]) {
                problems.push(`${c.id}: salt/ts pin did not reach the npm token (${JSON.stringify(got)} vs ${JSON.stringify(want)})`)
                continue
            }
        }
        c.token = e.token
        if (fmt === 7) c.match = 'payload'
        lines.push(JSON.stringify(c))
        known.set(c.id, { c, pkg, token: e.token })
    }
    return { lines, problems, known }
}

// [salt, ts] (006) or [salt, issue_ts] (007) read straight from the token
// bytes, cheaper than a full parse.  Little-endian, a string is a u16
// length and its bytes.  006: "006" + 32-char app id + base64 of
// string(signature) + u32 crc32(channel) + u32 crc32(uid) + string(m),
// where m starts with u32 salt, u32 ts.  007: "007" + base64(zlib(...)),
// inflated: string(signature) + string(app_id) + u32 issue_ts + u32 expire
// + u32 salt + ...
function pinOf (token, fmt) {
    try {
        if (fmt === 6) {
            const b = Buffer.from(token.substring(35), 'base64')
            const o = 2 + b.readUInt16LE(0) + 8 + 2
            return [b.readUInt32LE(o), b.readUInt32LE(o + 4)]
        }
        const b = N.inflate007(token)
        let o = 2 + b.readUInt16LE(0)
        o += 2 + b.readUInt16LE(o)
        return [b.readUInt32LE(o + 8), b.readUInt32LE(o)]
    } catch (e) {
        return null
    }
}

// ---------------------------------------------------------------------------
// Check (b): our tokens, read by the npm parsers.

function firstDiff (a, b) {
    const n = Math.max(a.length, b.length)
    for (let i = 0; i < n; i++) {
        const x = a[i]; const y = b[i]
        if (!x || !y || x[0] !== y[0] || x[1] !== y[1]) {
            const name = (x || y)[0]
            return `${name}: npm ${x ? String(x[1]).slice(0, 80) : '(none)'}, ours ${y ? String(y[1]).slice(0, 80) : '(none)'}`
        }
    }
    return null
}

// One line of `vectors build` output -> null (agrees) or a reason.  known
// (from generate) holds the case as sent and npm's token for it; without it
// (verify mode) npm's token is rebuilt from the line itself.
function verifyOne (npm, line, known) {
    const k = known && known.get(line.id)
    if (known && !k) return 'id not among the cases sent'
    if (k && line.builder !== k.c.builder) return `builder changed to ${line.builder}`
    const c = k ? k.c : line
    const idp = C.parseId(c.id)
    if (!idp) return 'id not produced by this harness'
    const b = N.BUILDERS[c.builder]
    if (!b) return `unknown builder ${c.builder}`
    if (typeof line.token !== 'string') return 'no "token" string in our output'
    const e = k ? { token: k.token } : N.expected(npm, c, idp.pkg)
    if (e.error) return `harness: ${e.error}`
    const ours = line.token
    if (e.token === '' && ours === '') return null
    if (e.token === '') return 'refusal: npm refuses (or throws), we built a token'
    if (ours === '') return 'refusal: we refused, npm built a token'
    if (b.fmt === 7) {
        const fe = N.fields007(npm, e.token)
        const fo = N.fields007(npm, ours)
        if (!fe) return 'harness: the npm parser rejects the npm token'
        if (!fo) return 'npm parser (AccessToken2.from_string) rejects our token'
        const d = firstDiff(fe.fields, fo.fields)
        if (d) return d
        const cert = c.args.app_certificate !== undefined ? c.args.app_certificate : c.args.appCertificate
        if (!fo.parsed.verifySignature(cert)) return 'signature: npm verifySignature rejects our token'
        // the inflated content is signature + signing info, as the npm
        // parser kept them
        if (!fe.parsed.__signature.equals(fo.parsed.__signature) ||
            !fe.parsed.__signing_info.equals(fo.parsed.__signing_info)) {
            return 'payload: inflated content differs'
        }
        return null
    }
    const fe = N.fields006(npm, e.token, idp.pkg)
    const fo = N.fields006(npm, ours, idp.pkg)
    if (!fe) return 'harness: the npm parser rejects the npm token'
    if (!fo) return 'npm parser (AccessToken fromString) rejects our token'
    const d = firstDiff(fe.fields, fo.fields)
    if (d) return d
    const a = c.args
    const [channel, uid] = b.signed(a)
    const appId = a.appID !== undefined ? a.appID : a.appId
    if (!N.verify006(fo.parsed, appId, a.appCertificate, channel, uid)) {
        return 'signature: HMAC over the npm-parsed fields does not match'
    }
    if (e.token !== ours) return 'token: texts differ'
    return null
}

function verifyLines (npm, lines, known) {
    const counts = {}
    const fams = {}
    const mismatches = []
    const seen = new Set()
    let n = 0
    for (const line of lines) {
        if (line.trim() === '') continue
        n++
        let c
        try {
            c = JSON.parse(line)
        } catch (err) {
            mismatches.push(`line ${n}: not JSON`)
            continue
        }
        const idp = C.parseId(c.id) || { pkg: '?', fams: ['?'] }
        const key = `${idp.pkg === 'aat' ? 'agora-access-token' : 'agora-token'} ${c.builder}`
        const k = counts[key] || (counts[key] = { cases: 0, built: 0, refused: 0, bad: 0 })
        k.cases++
        const why = seen.has(c.id) ? 'id written twice' : verifyOne(npm, c, known)
        seen.add(c.id)
        if (why) {
            k.bad++
            mismatches.push(`${c.id}: ${why}`)
        } else if (c.token === '') {
            k.refused++
        } else {
            k.built++
        }
        for (const f of idp.fams) {
            const fk = fams[f] || (fams[f] = { cases: 0, bad: 0 })
            fk.cases++
            if (why) fk.bad++
        }
    }
    return { n, counts, fams, mismatches }
}

// ---------------------------------------------------------------------------
// Facts: the npm behaviours README.md documents, each pinned by one
// assertion, so an npm change that would change a decision is noticed.

const APP = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'

function facts (npm) {
    const out = []
    const t = (name, fn) => {
        let ok = false; let why = ''
        try {
            const r = fn()
            ok = r === true
            if (!ok) why = typeof r === 'string' ? r : 'false'
        } catch (e) {
            why = `threw ${e && e.message}`
        }
        out.push({ ok, name, why })
    }
    const A6 = npm.AccessToken006
    const A2 = npm.AccessToken2
    const m = npm.a2mod

    t('npm 006 (both packages) draws the salt once per process: two tokens share it', () => {
        for (const k of ['at', 'aat']) {
            const x = new A6[k](APP, CERT, 'c', 1); const y = new A6[k](APP, CERT, 'd', 2)
            if (x.salt !== y.salt) return `${k}: salts differ`
            if (!(Number.isInteger(x.salt) && x.salt >= 0 && x.salt <= 0xfffffffe)) return `${k}: salt ${x.salt}`
        }
        return true
    })
    t('npm 006 sets ts to now + 24 h', () => {
        const now = Math.floor(Date.now() / 1000)
        for (const k of ['at', 'aat']) {
            const d = new A6[k](APP, CERT, 'c', 1).ts - now
            if (d < 86399 || d > 86401) return `${k}: ts - now = ${d}`
        }
        return true
    })
    t('agora-access-token 006 fromString leaves appID unset (agora-token sets it)', () => {
        const tok = N.withPin({ salt: 1, ts: 2 }, () => npm.aat006.Rtc.buildTokenWithUid(APP, CERT, 'c', 1, 1, 3))
        const p = new A6.aat('', '', '', ''); const q = new A6.at('', '', '', '')
        return p.fromString(tok) === true && p.appID === '' && q.fromString(tok) === true && q.appID === APP
    })
    t('npm 006 uid: 0 -> "", "0" -> "0", 4294967296 -> "4294967296" (no range check)', () => {
        const u = v => new A6.at(APP, CERT, 'c', v).uid
        return u(0) === '' && u('0') === '0' && u(4294967296) === '4294967296' && u(-1) === '-1'
    })
    t('npm 006 builds from an app id that is not 32 bytes; its own parser then misreads the app id', () => {
        const tok = npm.at006.Rtc.buildTokenWithUid(APP.slice(0, 31), CERT, 'c', 1, 1, 3)
        const p = new A6.at('', '', '', '')
        const saved = console.log; console.log = () => {}
        let parsed
        try { parsed = p.fromString(tok) } finally { console.log = saved }
        return tok.startsWith('006' + APP.slice(0, 31)) && (!parsed || p.appID !== APP.slice(0, 31))
    })
    t('npm 006 packer: 162 privileges give a corrupt token, 170 throw (fixed 1024-byte buffer)', () => {
        const build = n => {
            const x = new A6.at(APP, CERT, 'c', 1)
            for (let i = 0; i < n; i++) x.addPriviledge(i + 1, 0xffffffff)
            return x.build()
        }
        const tok = build(162)
        const p = new A6.at('', '', '', '')
        const saved = console.log; console.log = () => {}
        let parsed
        try { parsed = p.fromString(tok) } finally { console.log = saved }
        const intact = parsed && Object.values(p.messages || {}).length === 162 &&
            Object.values(p.messages).every(v => v === 0xffffffff)
        if (intact) return 'the 162-privilege token is intact'
        try { build(170) } catch (e) { return true }
        return '170 privileges did not throw'
    })
    t('npm encodes strings as UTF-8 (Buffer.from default; crc-32 str() hashes UTF-8)', () => {
        const s = 'é漢😀\u2028x'
        const b = Buffer.from(s, 'utf8')
        if (b.length !== 2 + 3 + 4 + 3 + 1) return 'utf8 length'
        const want = require('zlib').crc32(b) | 0
        return npm.crc32.str(s) === want && npm.crc32.buf(b) === want
    })
    t('npm 007 accepts only /^[0-9a-fA-F]{32}$/ app ids: whitespace (accepted by Python bytes.fromhex) refused', () => {
        const ws = APP.slice(0, 10) + ' \t' + APP.slice(12)
        const ok = npm.AT.ChatTokenBuilder.buildAppToken(APP, CERT, 60)
        const no = npm.AT.ChatTokenBuilder.buildAppToken(ws, CERT, 60)
        const no2 = npm.AT.ChatTokenBuilder.buildAppToken(APP, ' ' + CERT.slice(0, 30) + ' ', 60)
        return ok.startsWith('007') && no === '' && no2 === ''
    })
    t('npm 007 throws (RangeError) on a string longer than 65535 bytes', () => {
        try {
            npm.AT.RtmTokenBuilder.buildToken(APP, CERT, 'x'.repeat(65536), 60)
        } catch (e) {
            return e instanceof RangeError
        }
        return 'no exception'
    })
    t('npm compares a role given as a string loosely (==) in RtcTokenBuilder2 and 006, strictly (===) in ConvoAI/STT', () => {
        const privs007 = tok => { const p = new A2(); p.from_string(tok); return Object.keys(p.services[0].__privileges).length }
        const R2 = npm.AT.RtcTokenBuilder
        const loose7 = privs007(R2.buildTokenWithUid(APP, CERT, 'c', 1, '1', 60, 60)) === 4
        const strict7 = privs007(npm.AT.ConvoAITokenBuilder.buildToken(APP, CERT, 'c', 1, '1', 60, 60, 60, 60, 60, 'u', 60)) === 1
        const p6 = new A6.at('', '', '', '')
        p6.fromString(npm.at006.Rtc.buildTokenWithUid(APP, CERT, 'c', 1, '0', 9))
        const loose6 = Object.keys(p6.messages).length === 4
        return (loose7 && strict7 && loose6) || `loose007 ${loose7}, strictConvoAI ${strict7}, loose006 ${loose6}`
    })
    t('npm ServiceApaas turns role 0 into -1 (`role || -1`)', () => new m.ServiceApaas('r', 'u', 0).__role === -1)
    t('npm room-user tokens (Apaas, Education) carry no room-user privilege; Python adds it', () => {
        for (const B of [npm.AT.ApaasTokenBuilder, npm.AT.EducationTokenBuilder]) {
            const p = new A2()
            if (!p.from_string(B.buildRoomUserToken(APP, CERT, 'room', 'user', 1, 600))) return 'parse'
            const ap = p.services.find(s => s.service_type() === 7)
            if (!ap || Object.keys(ap.__privileges).length !== 0) return 'the APaaS service has privileges now'
            if (p.services.map(s => s.service_type()).join() !== '2,5,7') return 'service list changed'
        }
        return true
    })
    t('npm 007 parser reads the APaaS role unsigned: -1 comes back as 65535', () => {
        const x = new A2(APP, CERT, 1, 60)
        const s = new m.ServiceApaas('r', 'u', -1)
        x.add_service(s)
        const p = new A2()
        return p.from_string(x.build()) && p.services[0].__role === 65535
    })
    t('npm 007 parser stops at an unknown service type and still succeeds (as Python)', () => {
        const x = new A2(APP, CERT, 1, 60)
        x.add_service(new m.ServiceRtm('u'))
        x.add_service(new m.Service(11))
        x.add_service(new m.ServiceRtc('c', 1))
        const p = new A2()
        return p.from_string(x.build()) && p.services.map(s => s.service_type()).join() === '1,2' &&
            p.verifySignature(CERT)
    })
    t('npm 007 packs equal service types in insertion order (stable sort, as Python)', () => {
        const x = new A2(APP, CERT, 1, 60)
        x.add_service(new m.ServiceRtm('b'))
        x.add_service(new m.ServiceRtc('c', 1))
        x.add_service(new m.ServiceRtm('a'))
        const p = new A2()
        return p.from_string(x.build()) &&
            p.services.map(s => s.service_type() + ':' + (s.__user_id || '')).join() === '1:,2:b,2:a'
    })
    return out
}

// ---------------------------------------------------------------------------
// Pins that need our CLI but no npm builder: tokens npm cannot build, which
// we build following Python; the npm parser then checks them.

function pinCases () {
    const privs = {}
    for (let i = 1; i <= 200; i++) privs[String(i)] = 1700000000 + i
    const out = []
    for (const pkg of ['at', 'aat']) {
        out.push({
            id: `0/${out.length}/${pkg}/priv006_200`,
            builder: 'AccessToken.build',
            args: { appID: APP, appCertificate: CERT, channelName: 'pin', uid: 42, privileges: privs },
            salt: 7, ts: 1800000000, token: ''
        })
    }
    return out
}

function checkPin (npm, c) {
    const idp = C.parseId(c.id)
    if (typeof c.token !== 'string' || c.token === '') return 'we refused'
    const f = N.fields006(npm, c.token, idp.pkg)
    if (!f) return 'npm parser rejects our token'
    const p = f.parsed
    const want = c.args.privileges
    if (p.salt !== c.salt || p.ts !== c.ts) return 'salt/ts'
    if (N.show(p.messages) !== N.show(Object.fromEntries(Object.entries(want).map(([k, v]) => [k, v])))) {
        return 'privileges differ'
    }
    if (!N.verify006(p, c.args.appID, c.args.appCertificate, c.args.channelName, String(c.args.uid))) {
        return 'signature'
    }
    return null
}

// Cases without "salt" and "ts"/"issue_ts": the CLI draws them.
function unpinnedCases () {
    const out = []
    for (let i = 0; i < 500; i++) {
        if (i % 2 === 0) {
            out.push({
                id: `0/${i}/${i % 4 === 0 ? 'at' : 'aat'}/unpinned`,
                builder: 'RtcTokenBuilder.buildTokenWithUid',
                args: { appId: APP, appCertificate: CERT, channelName: 'salt', uid: i + 1, role: 1, privilegeExpiredTs: 0 },
                token: ''
            })
        } else {
            out.push({
                id: `0/${i}/at/unpinned`,
                builder: 'RtmTokenBuilder2.build_token',
                args: { app_id: APP, app_certificate: CERT, user_id: `u${i}`, expire: 600 },
                token: ''
            })
        }
    }
    return out
}

function checkUnpinned (npm, lines, want, t0, t1) {
    if (lines.length !== want) return { ok: false, msg: `${lines.length} lines for ${want} cases` }
    const salts = { 6: new Set(), 7: new Set() }
    for (const l of lines) {
        const c = JSON.parse(l)
        const pkg = C.parseId(c.id).pkg
        if (c.builder.startsWith('RtcTokenBuilder.')) {
            const f = N.fields006(npm, c.token, pkg)
            if (!f) return { ok: false, msg: `${c.id}: npm cannot parse it` }
            const p = f.parsed
            if (!N.verify006(p, APP, CERT, 'salt', String(c.args.uid))) return { ok: false, msg: `${c.id}: signature` }
            if (p.ts < t0 + 86400 || p.ts > t1 + 86400) return { ok: false, msg: `${c.id}: ts ${p.ts}, now ${t0}` }
            salts[6].add(p.salt)
        } else {
            const f = N.fields007(npm, c.token)
            if (!f || !f.parsed.verifySignature(CERT)) return { ok: false, msg: `${c.id}: npm cannot parse or verify it` }
            const p = f.parsed
            if (p.issueTs < t0 || p.issueTs > t1) return { ok: false, msg: `${c.id}: issue_ts ${p.issueTs}, now ${t0}` }
            salts[7].add(p.salt)
        }
    }
    for (const v of [6, 7]) {
        for (const x of salts[v]) {
            if (!(x >= 1 && x <= 99999999)) return { ok: false, msg: `00${v} salt ${x} outside 1..99999999` }
        }
        // 250 draws from 1e8: a repeat has probability about 3e-4
        if (salts[v].size < 248) return { ok: false, msg: `only ${salts[v].size} distinct 00${v} salts in 250 tokens` }
    }
    return { ok: true, msg: `${salts[6].size} distinct 006 salts, ${salts[7].size} distinct 007 salts in 250 tokens each` }
}

// ---------------------------------------------------------------------------
// run: the TAP test.

function runCli (cli, sub, input) {
    const t0 = Date.now()
    const r = spawnSync(cli, ['vectors', sub, '-'], {
        input, maxBuffer: 1 << 30, encoding: 'utf8', env: process.env
    })
    return { status: r.status, signal: r.signal, error: r.error, stdout: r.stdout || '', stderr: r.stderr || '', ms: Date.now() - t0 }
}

// Cases per CLI invocation: bounds memory in long runs.
const CHUNK = 25000

function run (o) {
    let num = 0
    const tap = (ok, name) => {
        num++
        if (!ok) process.exitCode = 1
        process.stdout.write(`${ok ? 'ok' : 'not ok'} ${num} - ${name}\n`)
        return ok
    }
    const diag = s => String(s).split('\n').forEach(l => process.stdout.write(`# ${l}\n`))
    const finish = () => { process.stdout.write(`1..${num}\n`) }

    const L = loadNpm(o)
    if (L.error) {
        tap(false, `npm packages available: ${L.error}`)
        return finish()
    }
    const npm = L.npm
    tap(true, `npm packages: agora-token ${npm.versions['agora-token']}, agora-access-token ${npm.versions['agora-access-token']}`)
    if (!o.cli || !fs.existsSync(o.cli)) {
        tap(false, `agoratoken CLI found (${o.cli || 'no --cli given'})`)
        return finish()
    }

    for (const f of facts(npm)) {
        tap(f.ok, `npm fact: ${f.name}`)
        if (!f.ok) diag(`  ${f.why}`)
    }

    const allFams = {}
    for (const seed of o.seeds) {
        diag(`seed ${seed}, ${o.cases} cases (reproduce: tools/interop --seed ${seed} --cases ${o.cases})`)
        const r = C.makeRng(seed)
        if (o.keep) {
            fs.writeFileSync(path.join(o.keep, `cases-${seed}.jsonl`), '')
            fs.writeFileSync(path.join(o.keep, `ours-${seed}.jsonl`), '')
        }
        const tot = { gen: 0, genMs: 0, problems: [], aPassed: 0, aFailed: 0, aBad: [], aOk: true,
            aMs: 0, bN: 0, bBad: [], bOk: true, bMs: 0, vMs: 0, counts: {} }
        for (let start = 0; start < o.cases; start += CHUNK) {
            const count = Math.min(CHUNK, o.cases - start)
            let t0 = Date.now()
            const g = generate(npm, seed, count, r, start)
            tot.genMs += Date.now() - t0
            tot.gen += g.lines.length
            tot.problems.push(...g.problems)
            const input = g.lines.join('\n') + '\n'
            if (o.keep) fs.appendFileSync(path.join(o.keep, `cases-${seed}.jsonl`), input)

            // (a) npm tokens -> our check
            const ca = runCli(o.cli, 'check', input)
            tot.aMs += ca.ms
            const lines = ca.stdout.trim().split('\n')
            const last = (lines[lines.length - 1] || '').trim()
            const m = /^(\d+) passed, (\d+) failed$/.exec(last)
            if (m) { tot.aPassed += Number(m[1]); tot.aFailed += Number(m[2]) }
            if (!(ca.status === 0 && m && Number(m[1]) === g.lines.length && Number(m[2]) === 0)) {
                tot.aOk = false
                tot.aBad.push(...lines.filter(l => l.trim() !== last).slice(0, 25))
                if (!m) tot.aBad.push(`no "N passed, N failed" summary (exit ${ca.status})`)
                if (ca.error) tot.aBad.push(ca.error.message)
                if (ca.stderr) tot.aBad.push(`stderr: ${ca.stderr.slice(0, 2000)}`)
                if (ca.signal) tot.aBad.push(`killed by ${ca.signal}`)
            }

            // (b) our tokens -> npm parsers
            const cb = runCli(o.cli, 'build', input)
            tot.bMs += cb.ms
            t0 = Date.now()
            const v = verifyLines(npm, cb.stdout.split('\n').filter(l => l.trim() !== ''), g.known)
            tot.vMs += Date.now() - t0
            tot.bN += v.n
            tot.bBad.push(...v.mismatches)
            if (cb.status !== 0 || v.n !== g.lines.length || v.mismatches.length) {
                tot.bOk = false
                if (cb.status !== 0) tot.bBad.push(`vectors build exit ${cb.status}; stderr: ${cb.stderr.slice(0, 1000)}`)
                if (v.n !== g.lines.length) tot.bBad.push(`vectors build wrote ${v.n} lines for ${g.lines.length} cases`)
            }
            if (o.keep) fs.appendFileSync(path.join(o.keep, `ours-${seed}.jsonl`), cb.stdout)
            for (const [k, x] of Object.entries(v.counts)) {
                const a = tot.counts[k] || (tot.counts[k] = { cases: 0, built: 0, refused: 0, bad: 0 })
                a.cases += x.cases; a.built += x.built; a.refused += x.refused; a.bad += x.bad
            }
            for (const [f, x] of Object.entries(v.fams)) {
                const a = allFams[f] || (allFams[f] = { cases: 0, bad: 0 })
                a.cases += x.cases; a.bad += x.bad
            }
        }
        if (!tap(tot.problems.length === 0, `seed ${seed}: npm built ${tot.gen} cases in ${tot.genMs} ms`)) {
            tot.problems.slice(0, 20).forEach(p => diag(`  ${p}`))
        }
        if (!tap(tot.aOk, `seed ${seed}: (a) agora-token vectors check rebuilds every npm token equal and verifies it: ` +
            `${tot.aPassed} passed, ${tot.aFailed} failed in ${tot.aMs} ms`)) {
            tot.aBad.slice(0, 40).forEach(l => diag(`  ${l}`))
        }
        if (!tap(tot.bOk, `seed ${seed}: (b) npm parsers read every token we build with equal fields and a valid signature: ` +
            `${tot.bN} read, ${tot.bBad.length} mismatches (build ${tot.bMs} ms, npm verify ${tot.vMs} ms)`)) {
            tot.bBad.slice(0, 40).forEach(l => diag(`  ${l}`))
        }

        // (c) counts
        let missing = 0
        for (const k of Object.keys(tot.counts).sort()) {
            const x = tot.counts[k]
            diag(`  ${String(x.cases).padStart(7)} ${k} (${x.built} built, ${x.refused} refused by both, ${x.bad} mismatched)`)
        }
        for (const [pkg, b] of C.TABLE) {
            const key = `${pkg === 'aat' ? 'agora-access-token' : 'agora-token'} ${b}`
            if (!tot.counts[key] || tot.counts[key].built === 0) missing++
        }
        tap(missing === 0, `seed ${seed}: (c) every builder of both packages compared on a built token (${C.TABLE.length} builders)`)
    }

    diag('families (all seeds): ' + Object.keys(allFams).sort().map(f => `${f} ${allFams[f].cases}`).join(', '))
    // Each decision of README.md is pinned by a family that only passes if
    // we follow it; make sure every one was exercised.
    const pinned = ['hexid_ws', 'hexid_bad', 'hexid_upper', 'appid006_len', 'appid006_text', 'cert006_text',
        'room_user', 'apaas_role0', 'unknown_service', 'dup_service', 'streaming_fcdn', 'len65535', 'len65536',
        'numeric_account', 'account_number', 'uid_string', 'uid0', 'uid_beyond_u32', 'role_string', 'utf8',
        'salt_edge', 'ts_edge', 'no_services', 'rtm2_perms']
    const absent = pinned.filter(f => !allFams[f])
    const total = o.cases * o.seeds.length
    if (absent.length && total < 10000) {
        num++
        process.stdout.write(`ok ${num} - every pinned family exercised # SKIP ${total} cases are too few to draw every family\n`)
    } else {
        tap(absent.length === 0, `every pinned family exercised${absent.length ? ' (missing: ' + absent.join(', ') + ')' : ''}`)
    }

    // pins built by us only
    const pins = pinCases()
    const cp = runCli(o.cli, 'build', pins.map(c => JSON.stringify(c)).join('\n') + '\n')
    const got = cp.stdout.split('\n').filter(l => l.trim() !== '').map(l => JSON.parse(l))
    const bad = got.length !== pins.length ? ['wrong line count'] : got.map(c => checkPin(npm, c)).filter(Boolean)
    tap(cp.status === 0 && bad.length === 0, '006 with 200 privileges (beyond npm\'s 1024-byte packer): we build it as Python does; npm parses and verifies it')
    bad.forEach(b => diag(`  ${b}`))

    // our salt and ts when nothing is pinned
    const un = unpinnedCases()
    const t0 = Math.floor(Date.now() / 1000)
    const cu = runCli(o.cli, 'build', un.map(c => JSON.stringify(c)).join('\n') + '\n')
    const t1 = Math.floor(Date.now() / 1000)
    const res = checkUnpinned(npm, cu.stdout.split('\n').filter(l => l.trim() !== ''), un.length, t0, t1)
    tap(cu.status === 0 && res.ok, `unpinned tokens from our CLI: a fresh salt per token in 1..99999999 as Python ` +
        `(npm 006: one per process), 006 ts = now + 24 h, 007 issue_ts = now: ${res.msg}`)
    finish()
}

// ---------------------------------------------------------------------------

function readInput (file) {
    return fs.readFileSync(file === '-' ? 0 : file, 'utf8')
}

function main () {
    const argv = process.argv.slice(2)
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') usage()
    const o = parseArgs(argv)
    if (o.mode === 'run') return run(o)
    const L = loadNpm(o)
    if (L.error) {
        process.stderr.write(`harness.js: ${L.error}\n`)
        process.exit(2)
    }
    if (o.mode === 'gen') {
        const seed = o.seeds[0]
        process.stderr.write(`seed ${seed}\n`)
        const g = generate(L.npm, seed, o.cases)
        process.stdout.write(g.lines.join('\n') + '\n')
        g.problems.forEach(p => process.stderr.write(`${p}\n`))
        // exitCode, not exit(): exit() would cut a pending write to a pipe
        process.exitCode = g.problems.length ? 1 : 0
    } else if (o.mode === 'verify') {
        const v = verifyLines(L.npm, readInput(o.file).split('\n'))
        v.mismatches.forEach(l => process.stdout.write(`${l}\n`))
        for (const k of Object.keys(v.counts).sort()) {
            const x = v.counts[k]
            process.stdout.write(`count ${k}: ${x.cases} (${x.built} built, ${x.refused} refused, ${x.bad} bad)\n`)
        }
        process.stdout.write(`${v.n - v.mismatches.length} passed, ${v.mismatches.length} failed\n`)
        process.exitCode = v.mismatches.length ? 1 : 0
    } else if (o.mode === 'facts') {
        const f = facts(L.npm)
        f.forEach((x, i) => process.stdout.write(`${x.ok ? 'ok' : 'not ok'} ${i + 1} - ${x.name}${x.ok ? '' : ' # ' + x.why}\n`))
        process.stdout.write(`1..${f.length}\n`)
        process.exitCode = f.every(x => x.ok) ? 0 : 1
    } else {
        usage(`unknown mode ${o.mode}`)
    }
}

main()
