// SPDX-License-Identifier: MIT
// The token playground's behaviour: builds the request for the chosen token
// type from the form, calls the responder on the same origin through relative
// URLs (v1/rtc, v1/inspect, healthz), shows the token with a Copy button, then
// renders /v1/inspect's answer: fields, times in local and relative form,
// signature status and problems.  It renders the inspect JSON generically, so
// a field the server adds later still shows up.  No framework, no build step.
'use strict';

(function () {
  var $ = function (id) { return document.getElementById(id); };
  var form = $('gen-form');
  var apiKey = '';          // only asked for when the server answers 401
  var lastToken = '';

  var HINTS = {
    rtc: 'Join a video/voice channel (RTC SDK). Publisher may send audio, video and data.',
    rtm: 'Log in to Signaling / Real-time Messaging (RTM SDK) as a user.',
    chat: 'Chat SDK: a user token, or an app token for your own server\'s REST calls.',
    fpa: 'Fast Packet Acceleration: an app-level token with no user, valid for 24 hours.',
    apaas: 'Flexible Classroom (APaaS): a room-user, user or app token.'
  };

  // ---- small helpers -------------------------------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function radio(name) {
    var r = form.querySelector('input[name="' + name + '"]:checked');
    return r ? r.value : '';
  }

  function show(node, on) { node.hidden = !on; }

  function humanSpan(sec) {
    sec = Math.abs(Math.round(sec));
    if (sec < 60) return sec + ' s';
    var m = Math.round(sec / 60);
    if (m < 120) return m + ' min';
    var h = sec / 3600;
    if (h < 48) return (Math.round(h * 10) / 10) + ' h';
    return (Math.round(h / 24 * 10) / 10) + ' days';
  }

  function relative(epochSec) {
    var d = epochSec - Date.now() / 1000;
    if (Math.abs(d) < 5) return 'now';
    return d > 0 ? 'in ' + humanSpan(d) : humanSpan(d) + ' ago';
  }

  function localTime(epochSec) {
    var d = new Date(epochSec * 1000);
    return d.toLocaleString(undefined, {
      year: 'numeric', month: 'short', day: 'numeric',
      hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short'
    });
  }

  // A value that names a moment: unix seconds in a plausible range, or an
  // ISO-8601 string.  Returns epoch seconds or null.
  function asEpoch(key, v) {
    if (typeof v === 'number' && v > 946684800 && v < 4294967296 &&
        /(^|_)(ts|at|time|issued|expire|expires|expiry)($|_)|_at$|_ts$/.test(key)) return v;
    if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v)) {
      var t = Date.parse(v);
      if (!isNaN(t)) return t / 1000;
    }
    return null;
  }

  function timeCell(td, epoch, expiryLike) {
    td.appendChild(el('span', 'time', localTime(epoch)));
    var rel = relative(epoch);
    var past = epoch < Date.now() / 1000;
    var r = el('span', 'rel' + (past && expiryLike ? ' past' : ''),
      ' (' + (expiryLike ? (past ? 'expired ' + rel : 'expires ' + rel) : rel) + ')');
    td.appendChild(r);
  }

  // ---- HTTP ----------------------------------------------------------------

  function errorText(status, body) {
    if (body && body.error) {
      var e = body.error;
      return { code: e.code || ('http_' + status), message: e.message || 'request failed', status: status };
    }
    return { code: 'http_' + status, message: 'The server answered HTTP ' + status + ' without a JSON error.', status: status };
  }

  function call(path, params, method) {
    var url = path;
    var init = { method: method || 'GET', cache: 'no-store', headers: { 'Accept': 'application/json' } };
    if (apiKey) init.headers['Authorization'] = 'Bearer ' + apiKey;
    var qs = new URLSearchParams(params || {}).toString();
    if (init.method === 'GET') { if (qs) url += '?' + qs; }
    else { init.body = qs; init.headers['Content-Type'] = 'application/x-www-form-urlencoded'; }
    return fetch(url, init).then(function (res) {
      return res.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
        if (!res.ok || !body || body.error) {
          if (res.status === 401) askForKey();
          throw errorText(res.status, body);
        }
        return body;
      });
    }, function () {
      throw { code: 'network', message: 'Could not reach the server (network error).', status: 0 };
    });
  }

  function askForKey() {
    if (apiKey || $('api-key-field')) return;
    var lab = el('label', 'f');
    lab.id = 'api-key-field';
    lab.appendChild(document.createTextNode('API key (this server requires one)'));
    var inp = el('input');
    inp.type = 'password';
    inp.id = 'f-api-key';
    inp.addEventListener('change', function () { apiKey = inp.value.trim(); });
    lab.appendChild(inp);
    form.querySelector('.fields').appendChild(lab);
  }

  function showError(box, err) {
    box.textContent = '';
    box.appendChild(el('strong', null, err.message));
    if (err.code) {
      box.appendChild(document.createTextNode(' '));
      box.appendChild(el('code', null, err.code + (err.status ? ' \u00b7 HTTP ' + err.status : '')));
    }
    show(box, true);
  }

  // ---- server status, demo banner, apps -----------------------------------

  function noteAppName(name) {
    if (typeof name === 'string' && /demo/i.test(name)) {
      $('demo-app-name').textContent = '\u201c' + name + '\u201d';
      show($('demo-banner'), true);
    }
  }

  function loadHealth() {
    var pill = $('server-status');
    call('healthz').then(function (h) {
      pill.className = 'pill pill-ok';
      pill.textContent = 'server ok' + (h.version ? ' \u00b7 ' + h.version : '');
      var apps = Array.isArray(h.apps) ? h.apps : [];
      var sel = $('f-app');
      apps.forEach(function (a) {
        var name = typeof a === 'string' ? a : (a.name || a.app_id || '');
        noteAppName(name);
        var o = el('option', null, name + (a.app_id ? ' (' + a.app_id.slice(0, 8) + '\u2026)' : ''));
        o.value = name;
        sel.appendChild(o);
      });
      if (apps.length > 1) show($('app-field'), true);
      if (h.demo === true) noteAppName(h.app || 'demo');
    }, function (err) {
      pill.className = 'pill pill-bad';
      pill.textContent = 'server: ' + err.message.replace(/\.$/, '');
    });
  }

  // ---- the form ------------------------------------------------------------

  function syncFields() {
    var type = radio('type');
    var kinds = { idkind: radio('idkind'), chatkind: radio('chatkind'), apaaskind: radio('apaaskind') };
    form.querySelectorAll('[data-for]').forEach(function (node) {
      var on = node.getAttribute('data-for').split(' ').indexOf(type) >= 0;
      Object.keys(kinds).forEach(function (k) {
        var want = node.getAttribute('data-' + k);
        if (on && want !== null && want.split(' ').indexOf(kinds[k]) < 0) on = false;
      });
      node.hidden = !on;
    });
    $('type-hint').textContent = HINTS[type] || '';
    // RTM defaults to 007 too; 006 stays selectable for legacy SDKs.
    updateExpireHuman();
  }

  function updateExpireHuman() {
    var v = Number($('f-expire').value);
    $('expire-human').textContent = (v > 0 && isFinite(v)) ? humanSpan(v) : 'seconds from now';
  }

  function collect() {
    var type = radio('type');
    var p = {};
    var v = function (id) { return $(id).value.trim(); };
    if (type === 'rtc') {
      p.channel = v('f-channel');
      if (radio('idkind') === 'uid') p.uid = v('f-uid'); else p.account = v('f-account');
      p.role = v('f-role');
      p.format = v('f-format');
    } else if (type === 'rtm') {
      p.user = v('f-user');
      p.format = v('f-format');
    } else if (type === 'chat') {
      if (radio('chatkind') === 'user') p.user = v('f-chat-user'); else p.type = 'app';
    } else if (type === 'apaas') {
      var k = radio('apaaskind');
      if (k === 'room') { p.room = v('f-room'); p.user = v('f-apaas-user'); p.role = v('f-apaas-role'); }
      else if (k === 'user') p.user = v('f-apaas-user');
    }
    // FPA tokens have a fixed lifetime (24 h) in the reference builder.
    if (type !== 'fpa' && v('f-expire') !== '') p.expire = v('f-expire');
    if (!$('app-field').hidden && v('f-app')) p.app = v('f-app');
    return { path: 'v1/' + type, params: p };
  }

  function curlLine(path, params) {
    var u = new URL(path, document.baseURI);
    u.search = new URLSearchParams(params).toString();
    return "curl '" + u.toString().replace(/'/g, "'\\''") + "'" +
      (apiKey ? " -H 'Authorization: Bearer $AGORA_TOKEN_API_KEY'" : '');
  }

  function busy(btn, flag, on) {
    btn.disabled = on;
    show(flag, on);
  }

  form.addEventListener('change', function (e) {
    if (e.target.type === 'radio') syncFields();
  });
  $('f-expire').addEventListener('input', updateExpireHuman);

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var req = collect();
    show($('gen-error'), false);
    busy($('generate'), $('gen-busy'), true);
    call(req.path, req.params).then(function (r) {
      lastToken = r.token || '';
      $('token').value = lastToken;
      $('result-format').textContent = r.format ? r.format : '';
      var meta = [];
      if (r.app) { meta.push('app ' + r.app); noteAppName(r.app); }
      else if (r.app_name) { meta.push('app ' + r.app_name); noteAppName(r.app_name); }
      if (r.app_id) meta.push('app id ' + r.app_id);
      var exp = asEpoch('expires_at', r.expires_at);
      if (exp !== null) meta.push('expires ' + localTime(exp) + ' (' + relative(exp) + ')');
      $('result-meta').textContent = meta.join(' \u00b7 ');
      $('curl-line').textContent = curlLine(req.path, req.params);
      resetCopy();
      show($('result'), true);
      $('inspect-input').value = lastToken;
      // A 006 RTC token signs channel and uid but stores only checksums:
      // tell /v1/inspect what they are so it can check the signature.
      var extra = {};
      ['channel', 'uid', 'account'].forEach(function (k) { if (req.params[k] !== undefined) extra[k] = req.params[k]; });
      $('inspect-channel').value = extra.channel || '';
      $('inspect-id').value = extra.uid !== undefined ? extra.uid : (extra.account || '');
      return inspect(lastToken, extra);
    }, function (err) {
      show($('result'), false);
      showError($('gen-error'), err);
    }).then(function () { busy($('generate'), $('gen-busy'), false); });
  });

  // ---- copy ----------------------------------------------------------------

  function resetCopy() {
    var b = $('copy');
    b.textContent = 'Copy';
    b.classList.remove('copied');
  }

  function copyFallback(text) {
    var ta = $('token');
    ta.focus();
    ta.select();
    ta.setSelectionRange(0, text.length);
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    return ok;
  }

  $('copy').addEventListener('click', function () {
    var b = $('copy');
    var text = $('token').value;
    var done = function (how) {
      b.textContent = how;
      b.classList.add('copied');
      b.setAttribute('data-copied', how === 'Copied!' ? 'clipboard' : 'selection');
      setTimeout(resetCopy, 2500);
    };
    var fallback = function () { done(copyFallback(text) ? 'Copied!' : 'Selected \u2013 press Ctrl+C'); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done('Copied!'); }, fallback);
    } else {
      fallback();
    }
  });

  // ---- inspect -------------------------------------------------------------

  var LABELS = {
    format: 'Format', version: 'Format', app_id: 'App id', app: 'App', app_name: 'App',
    signature: 'Signature', issued_at: 'Issued', issue_ts: 'Issued', expires_at: 'Expires',
    expire: 'Valid for', salt: 'Salt', ts: 'Timestamp', services: 'Services',
    privileges: 'Privileges', channel: 'Channel', channel_name: 'Channel', uid: 'uid',
    account: 'Account', user_id: 'User id', user: 'User', room_uuid: 'Room uuid',
    user_uuid: 'User uuid', role: 'Role', type: 'Type', name: 'Name', crc_channel: 'CRC channel',
    crc_uid: 'CRC uid'
  };
  var SKIP = { problems: 1, signature: 1 };

  function label(k) { return LABELS[k] || k.replace(/_/g, ' '); }

  function isExpiryKey(k) { return /expire|expiry|expires/.test(k); }

  function valueCell(key, v) {
    var td = el('td');
    var epoch = asEpoch(key, v);
    if (epoch !== null) {
      timeCell(td, epoch, isExpiryKey(key));
    } else if (v === null || v === undefined) {
      td.textContent = '\u2014';
    } else if (Array.isArray(v) && v.every(function (x) { return typeof x !== 'object' || x === null; })) {
      td.textContent = v.length ? v.join(', ') : '(none)';
    } else if (typeof v === 'object') {
      td.appendChild(kvTable(v));
    } else if (typeof v === 'number' && /^(expire|expire_seconds|ttl)$/.test(key)) {
      td.textContent = v + ' s (' + humanSpan(v) + ')';
    } else {
      td.textContent = String(v);
    }
    return td;
  }

  // Privileges as one row each: name, then when it expires.
  function privTable(list) {
    var t = el('table', 'kv privs');
    var tb = el('tbody');
    list.forEach(function (p) {
      var tr = el('tr');
      tr.appendChild(el('th', null, (p.name || 'privilege') + (p.id !== undefined ? ' (' + p.id + ')' : '')));
      var td = el('td');
      var at = asEpoch('expires_at', p.expires_at);
      if (at === null && p.expires_at_iso) at = asEpoch('expires_at', p.expires_at_iso);
      if (at !== null) timeCell(td, at, true);
      else if (p.expire === 0 || p.expires_at === 0) td.textContent = 'no own expiry (follows the token)';
      else td.textContent = p.expire !== undefined ? p.expire + ' s' : '\u2014';
      tr.appendChild(td);
      tb.appendChild(tr);
    });
    t.appendChild(tb);
    return t;
  }

  function kvTable(obj) {
    var t = el('table', 'kv');
    var tb = el('tbody');
    var keys = Array.isArray(obj) ? obj.map(function (_, i) { return i; }) : Object.keys(obj);
    keys.forEach(function (k) {
      var v = obj[k];
      if (!Array.isArray(obj) && SKIP[k]) return;
      // "x_iso" repeats "x" as text: show the moment once.
      if (!Array.isArray(obj) && /_iso$/.test(k) && obj[k.replace(/_iso$/, '')] !== undefined) return;
      if (k === 'privileges' && Array.isArray(v) && v.length && typeof v[0] === 'object') {
        var tr0 = el('tr');
        var td0 = el('td', 'wide');
        td0.colSpan = 2;
        td0.appendChild(el('div', 'sub', label(k)));
        td0.appendChild(privTable(v));
        tr0.appendChild(td0);
        tb.appendChild(tr0);
        return;
      }
      var tr = el('tr');
      var name = Array.isArray(obj) ? '#' + (k + 1) : label(String(k));
      if (v && typeof v === 'object' && !Array.isArray(v) && Array.isArray(obj)) {
        name = v.name || v.privilege || v.type || name;
      }
      tr.appendChild(el('th', null, name));
      tr.appendChild(valueCell(Array.isArray(obj) ? (v && v.expire_at !== undefined ? 'expire_at' : '') : String(k), v));
      tb.appendChild(tr);
    });
    t.appendChild(tb);
    return t;
  }

  function serviceBlock(s) {
    var box = el('div', 'svc');
    var title = s.name || s.service || ('type ' + s.type);
    if (s.type !== undefined && s.name) title += ' (type ' + s.type + ')';
    box.appendChild(el('h4', null, 'Service: ' + title));
    var rest = {};
    Object.keys(s).forEach(function (k) {
      if (k !== 'name' && k !== 'service' && !(k === 'type' && s.name)) rest[k] = s[k];
    });
    box.appendChild(kvTable(rest));
    return box;
  }

  function problemText(p) {
    if (typeof p === 'string') return p;
    if (p && typeof p === 'object') return (p.message || p.text || JSON.stringify(p)) + (p.code ? ' [' + p.code + ']' : '');
    return String(p);
  }

  function renderInspect(d) {
    var sig = $('sig');
    var s = typeof d.signature === 'object' && d.signature ? (d.signature.status || '') : (d.signature || 'unknown');
    sig.textContent = 'signature: ' + String(s).replace(/_/g, ' ');
    sig.className = 'badge ' + (s === 'valid' ? 'badge-ok' : (s === 'invalid' ? 'badge-bad' : 'badge-unknown'));
    sig.setAttribute('data-signature', s);

    var parts = [];
    if (d.format || d.version) parts.push((d.format || d.version) + ' token');
    if (d.app || d.app_name) { parts.push('app ' + (d.app || d.app_name)); }
    var exp = asEpoch('expires_at', d.expires_at);
    if (exp !== null) parts.push((exp < Date.now() / 1000 ? 'expired ' : 'expires ') + relative(exp));
    $('decoded-summary').textContent = parts.join(' \u00b7 ');

    var ul = $('problems');
    ul.textContent = '';
    var probs = Array.isArray(d.problems) ? d.problems : [];
    if (probs.length === 0) ul.appendChild(el('li', 'none', 'No problems found.'));
    probs.forEach(function (p) { ul.appendChild(el('li', null, problemText(p))); });

    var body = $('decoded-body');
    body.textContent = '';
    var top = {};
    Object.keys(d).forEach(function (k) { if (k !== 'services') top[k] = d[k]; });
    body.appendChild(kvTable(top));
    (Array.isArray(d.services) ? d.services : []).forEach(function (s) { body.appendChild(serviceBlock(s)); });
    $('decoded-raw').textContent = JSON.stringify(d, null, 2);
    show($('decoded'), true);
    show($('insp-empty'), false);
  }

  function inspect(token, extra) {
    var params = { token: token };
    Object.keys(extra || {}).forEach(function (k) { if (extra[k] !== '') params[k] = extra[k]; });
    show($('insp-error'), false);
    busy($('inspect'), $('insp-busy'), true);
    return call('v1/inspect', params, 'POST').then(renderInspect, function (err) {
      show($('decoded'), false);
      showError($('insp-error'), err);
    }).then(function () { busy($('inspect'), $('insp-busy'), false); });
  }

  $('inspect-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var t = $('inspect-input').value.trim();
    if (!t) {
      showError($('insp-error'), { code: 'missing_token', message: 'Paste a token first.' });
      return;
    }
    var extra = {};
    var ch = $('inspect-channel').value.trim();
    var id = $('inspect-id').value.trim();
    if (ch) extra.channel = ch;
    if (id) extra[/^\d+$/.test(id) ? 'uid' : 'account'] = id;
    inspect(t, extra);
  });

  syncFields();
  loadHealth();
})();
