// SPDX-License-Identifier: MIT
// bench-npm.js - times the npm peers for tools/bench: agora-token 2.0.6
// (007 RtcTokenBuilder.buildTokenWithUid, and its 006 RtcTokenBuilder) and
// agora-access-token 2.0.4 (006 RtcTokenBuilder.buildTokenWithUid), with
// the inputs `agora-token bench` uses (uid, publisher, 3600 s).  Each case
// is warmed up (the JIT compiles the hot path) and then run for the given
// time; one line per case: "<case> <microseconds per token>".
// Usage: node bench-npm.js [--seconds S] [--cpu] [--node-modules DIR] [CASE...]
'use strict';
const path = require('path');

const args = process.argv.slice(2);
let seconds = 1;
let cpu = false;
let dir = process.env.AGT_INTEROP_NODE_MODULES ||
    path.join(__dirname, '..', 'interop', 'node_modules');
const want = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seconds') seconds = Number(args[++i]);
  else if (args[i] === '--node-modules') dir = args[++i];
  else if (args[i] === '--cpu') cpu = true;
  else want.push(args[i]);
}

const APP_ID = '970CA35de60c44645bbae8a215061b33';
const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
const CHANNEL = '7d72365eb983485397e3e3f9d460bdda';
const UID = 2882341273;
const EXPIRE = 3600;

const at = require(path.join(dir, 'agora-token'));
const at006 = require(path.join(dir, 'agora-token', 'src', 'RtcTokenBuilder')).RtcTokenBuilder;
const aat = require(path.join(dir, 'agora-access-token'));
const PUBLISHER = 1;

const cases = {
  'npm-agora-token-007': () => at.RtcTokenBuilder.buildTokenWithUid(
      APP_ID, CERT, CHANNEL, UID, PUBLISHER, EXPIRE, EXPIRE),
  'npm-agora-token-006': () => at006.buildTokenWithUid(
      APP_ID, CERT, CHANNEL, UID, PUBLISHER, Math.floor(Date.now() / 1000) + EXPIRE),
  'npm-agora-access-token-006': () => aat.RtcTokenBuilder.buildTokenWithUid(
      APP_ID, CERT, CHANNEL, UID, PUBLISHER, Math.floor(Date.now() / 1000) + EXPIRE),
};

// Wall clock, or with --cpu the process's CPU time (user + system).
function now() {
  if (cpu) { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; }
  return Number(process.hrtime.bigint()) / 1e9;
}

// Runs fn for about sec seconds; returns microseconds per call.
function timeFor(fn, sec) {
  let n = 0, sink = 0;
  const t0 = now();
  let t;
  do {
    for (let i = 0; i < 64; i++) sink += fn().length;
    n += 64;
    t = now() - t0;
  } while (t < sec);
  if (sink === 0) throw new Error('no tokens');
  return t / n * 1e6;
}

for (const name of (want.length ? want : Object.keys(cases))) {
  const fn = cases[name];
  if (!fn) { console.error('bench-npm.js: unknown case ' + name); process.exit(2); }
  if (!fn().startsWith(name.endsWith('007') ? '007' : '006')) throw new Error(name);
  timeFor(fn, Math.min(0.5, seconds / 2));        // warm-up
  console.log(name + ' ' + timeFor(fn, seconds).toFixed(3));
}
