// offline.js - visits without a signal, on the verification page. Without
// JavaScript the page's forms post as always; with it, the panel #luring
// lets the verifier prepare the visit (the page and what it shows are put
// into the cache the service worker /luring-sw.js answers from), keep
// verdicts, notes, photos and the visit's findings on the device
// (IndexedDB, which survives closing the browser), see what is only on the
// device and what was sent, send it (each record with the identifier the
// device gave it, so that sending again changes nothing) and decide on the
// records the server refused because the indicator changed meanwhile.
// The words come from the panel's data-* attributes.
(function () {
  'use strict';

  var panel = document.getElementById('luring');
  if (!panel || !window.indexedDB || !window.fetch) {
    return;
  }
  var pid = Number(panel.getAttribute('data-pid'));
  var CACHE = 'p2ham-luring-v1';
  var status = document.getElementById('luring-status');

  function word(name) {
    return panel.getAttribute('data-' + name) || '';
  }

  function say(text) {
    status.textContent = text;
  }

  // --- the device's store --------------------------------------------------

  function openStore() {
    return new Promise(function (resolve, reject) {
      var rq = indexedDB.open('p2ham-luring', 1);
      rq.onupgradeneeded = function () {
        rq.result.createObjectStore('items', { keyPath: 'id' });
      };
      rq.onsuccess = function () { resolve(rq.result); };
      rq.onerror = function () { reject(rq.error); };
    });
  }

  function tx(mode, work) {
    return openStore().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction('items', mode);
        var out = work(t.objectStore('items'));
        t.oncomplete = function () { db.close(); resolve(out && out.result !== undefined ? out.result : out); };
        t.onerror = function () { db.close(); reject(t.error); };
      });
    });
  }

  function allItems() {
    return tx('readonly', function (s) { return s.getAll(); }).then(function (list) {
      return list.filter(function (it) { return it.pid === pid; })
        .sort(function (a, b) { return a.recorded_at < b.recorded_at ? -1 : 1; });
    });
  }

  function putItem(it) {
    return tx('readwrite', function (s) { s.put(it); });
  }

  function dropItem(id) {
    return tx('readwrite', function (s) { s['delete'](id); });
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function nowIso() {
    return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  }

  // --- what the page shows ---------------------------------------------------

  function verdictLabel(value) {
    var input = document.querySelector('input[type=radio][value="' + value + '"]');
    var label = input && document.querySelector('label[for="' + input.id + '"]');
    return label ? label.textContent : value;
  }

  function describe(it) {
    if (it.kind === 'verdict') {
      return word('verdict-item') + ' ' + it.indicator + ': ' + verdictLabel(it.verdict) +
        (it.note ? ' — ' + it.note : '');
    }
    return word('visit-item') + ' ' + it.date + ': ' + (it.findings || it.summary || '') +
      (it.photos && it.photos.length ? ' (' + it.photos.length + ' ' + word('photos') + ')' : '');
  }

  function line(it) {
    var li = document.createElement('li');
    li.setAttribute('data-id', it.id);
    li.textContent = describe(it) + ' · ' + new Date(it.recorded_at).toLocaleString() +
      (it.received_at_text ? ' · ' + word('received') + ' ' + it.received_at_text : '') +
      (it.message && it.state !== 'sent' ? ' · ' + it.message : '');
    return li;
  }

  function sideList(title, rows) {
    var box = document.createElement('div');
    var h = document.createElement('h4');
    h.textContent = title;
    box.appendChild(h);
    var ul = document.createElement('ul');
    rows.forEach(function (r) {
      var li = document.createElement('li');
      li.textContent = r;
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }

  function conflictBox(it) {
    var cur = it.current || {};
    var box = document.createElement('div');
    box.className = 'conflict';
    box.setAttribute('data-id', it.id);
    var h = document.createElement('h4');
    h.textContent = it.indicator;
    box.appendChild(h);
    var p = document.createElement('p');
    p.textContent = it.message || '';
    box.appendChild(p);
    box.appendChild(sideList(word('mine'), [describe(it)]));
    var theirs = [word('evidence') + ': ' + (cur.evidence || []).map(function (f) { return f.name; }).join(', ')];
    if (cur.verdict) {
      theirs.push(word('verdict-now') + ': ' + verdictLabel(cur.verdict.verdict) +
        (cur.verdict.note ? ' — ' + cur.verdict.note : ''));
    }
    box.appendChild(sideList(word('theirs'), theirs));
    var keep = document.createElement('button');
    keep.type = 'button';
    keep.className = 'luring-tetap';
    keep.textContent = word('keep');
    keep.addEventListener('click', function () {
      it.version = cur.version;
      it.state = 'device';
      it.current = null;
      putItem(it).then(send);
    });
    var drop = document.createElement('button');
    drop.type = 'button';
    drop.className = 'luring-buang';
    drop.textContent = word('drop');
    drop.addEventListener('click', function () { dropItem(it.id).then(show); });
    box.appendChild(keep);
    box.appendChild(document.createTextNode(' '));
    box.appendChild(drop);
    return box;
  }

  function fill(id, list, make) {
    var el = document.getElementById(id);
    el.textContent = '';
    list.forEach(function (it) { el.appendChild(make(it)); });
    if (!list.length && el.tagName === 'UL') {
      var li = document.createElement('li');
      li.textContent = word('none');
      el.appendChild(li);
    }
  }

  function show() {
    return allItems().then(function (items) {
      var conflicts = items.filter(function (it) { return it.state === 'conflict'; });
      fill('luring-perangkat', items.filter(function (it) { return it.state === 'device'; }), line);
      fill('luring-terkirim', items.filter(function (it) { return it.state === 'sent'; }), line);
      fill('luring-konflik', conflicts, conflictBox);
      document.getElementById('luring-konflik-judul').hidden = conflicts.length === 0;
    });
  }

  // --- recording ---------------------------------------------------------------

  function saveVerdict(code) {
    var chosen = document.querySelector('input[name="putusan.' + code + '"]:checked');
    var note = document.getElementById('c-' + code);
    var block = document.getElementById('indikator-' + code);
    if (!chosen) {
      say(word('choose'));
      return;
    }
    putItem({
      id: newId(), pid: pid, kind: 'verdict', state: 'device', recorded_at: nowIso(),
      indicator: code, version: block.getAttribute('data-versi'),
      verdict: chosen.value, note: note ? note.value : '',
    }).then(show).then(function () { say(word('saved')); });
  }

  // The visit form's fields name the record's members (data-kunci); its
  // kind is the form's data-jenis.
  function saveVisit(form) {
    var file = form.querySelector('input[type=file]');
    var files = Array.prototype.slice.call((file && file.files) || []);
    var it = {
      id: newId(), pid: pid, kind: form.getAttribute('data-jenis'), state: 'device',
      recorded_at: nowIso(),
      photos: files.map(function (f) { return { name: f.name, type: f.type, blob: f }; }),
    };
    var missing = false;
    form.querySelectorAll('[data-kunci]').forEach(function (el) {
      it[el.getAttribute('data-kunci')] = el.value;
      if (el.required && !el.value.trim()) {
        missing = true;
      }
    });
    if (missing) {
      say(word('required'));
      return;
    }
    putItem(it).then(function () {
      form.reset();
      return show();
    }).then(function () { say(word('saved')); });
  }

  // --- sending -----------------------------------------------------------------

  function base64Of(blob) {
    return new Promise(function (resolve, reject) {
      var r = new FileReader();
      r.onload = function () { resolve(String(r.result).replace(/^data:[^,]*,/, '')); };
      r.onerror = function () { reject(r.error); };
      r.readAsDataURL(blob);
    });
  }

  function wire(it) {
    var out = { id: it.id, kind: it.kind, recorded_at: it.recorded_at };
    if (it.kind === 'verdict') {
      out.indicator = it.indicator;
      out.version = it.version;
      out.verdict = it.verdict;
      out.note = it.note;
      return Promise.resolve(out);
    }
    ['date', 'present', 'findings', 'officers', 'summary'].forEach(function (k) {
      if (it[k] !== undefined) {
        out[k] = it[k];
      }
    });
    // A record sent already keeps its photos' names only.
    return Promise.all((it.photos || []).filter(function (p) { return p.blob; }).map(function (p) {
      return base64Of(p.blob).then(function (data) { return { name: p.name, data: data }; });
    })).then(function (photos) {
      out.photos = photos;
      return out;
    });
  }

  var sending = false;

  function send() {
    if (sending) {
      return Promise.resolve();
    }
    sending = true;
    say(word('sending'));
    var token = document.querySelector('input[name=csrf]');
    return allItems().then(function (items) {
      var todo = items.filter(function (it) { return it.state === 'device'; });
      if (!todo.length) {
        return show();
      }
      return Promise.all(todo.map(wire)).then(function (wired) {
        return fetch(panel.getAttribute('data-sinkron'), {
          method: 'POST', credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json',
            'X-CSRF-Token': token ? token.value : '' },
          body: JSON.stringify({ items: wired }),
        });
      }).then(function (res) {
        if (res.status === 401 || res.status === 403) {
          // Signed out (a browser restart ends the session): the records wait.
          var e = new Error('signed out');
          e.signedOut = true;
          throw e;
        }
        if (!res.ok) {
          throw new Error('HTTP ' + res.status);
        }
        return res.json();
      }).then(function (answer) {
        var byId = {};
        todo.forEach(function (it) { byId[it.id] = it; });
        return Promise.all(answer.results.map(function (r) {
          var it = byId[r.id];
          if (!it) {
            return null;
          }
          it.message = r.message || '';
          if (r.status === 'accepted' || r.status === 'duplicate') {
            it.state = 'sent';
            it.received_at = r.received_at;
            it.received_at_text = r.received_at_text;
            it.photos = (it.photos || []).map(function (p) { return { name: p.name }; });
          } else if (r.status === 'conflict') {
            it.state = 'conflict';
            it.current = r.current;
          }
          return putItem(it);
        })).then(function () {
          say(word('result').replace('{accepted}', answer.accepted)
            .replace('{duplicate}', answer.duplicate).replace('{conflict}', answer.conflict)
            .replace('{refused}', answer.refused + answer.invalid));
          return show();
        });
      });
    }).catch(function (err) {
      say(word(err && err.signedOut ? 'signin' : 'send-failed'));
    }).then(function () {
      sending = false;
    });
  }

  // --- preparing -----------------------------------------------------------------

  function neededUrls() {
    var urls = [location.pathname];
    document.querySelectorAll('link[rel=stylesheet], link[rel=icon]').forEach(function (l) {
      urls.push(l.getAttribute('href'));
    });
    document.querySelectorAll('script[src]').forEach(function (s) {
      urls.push(s.getAttribute('src'));
    });
    document.querySelectorAll('img[data-pratinjau]').forEach(function (i) {
      urls.push(i.getAttribute('src'));
    });
    return urls;
  }

  function prepare() {
    if (!('serviceWorker' in navigator) || !window.caches) {
      say(word('prepare-failed'));
      return Promise.resolve();
    }
    return navigator.serviceWorker.register('/luring-sw.js').then(function () {
      return navigator.serviceWorker.ready;
    }).then(function () {
      return caches.open(CACHE);
    }).then(function (cache) {
      return cache.addAll(neededUrls());
    }).then(function () {
      panel.setAttribute('data-siap', 'ya');
      say(word('prepared'));
    }, function () {
      say(word('prepare-failed'));
    });
  }

  // --- start -------------------------------------------------------------------------

  panel.hidden = false;
  document.querySelectorAll('.offline-only').forEach(function (el) { el.hidden = false; });
  document.getElementById('luring-siapkan').addEventListener('click', prepare);
  document.getElementById('luring-kirim').addEventListener('click', send);
  document.querySelectorAll('button.luring-simpan').forEach(function (b) {
    b.addEventListener('click', function () { saveVerdict(b.getAttribute('data-kode')); });
  });
  document.getElementById('luring-kunjungan').addEventListener('submit', function (ev) {
    ev.preventDefault();
    saveVisit(ev.target);
  });
  window.addEventListener('online', function () { say(word('online')); });
  window.addEventListener('offline', function () { say(word('offline')); });
  if (window.caches) {
    caches.has(CACHE).then(function (has) {
      if (has) {
        panel.setAttribute('data-siap', 'ya');
      }
    });
  }
  show().then(function () {
    panel.setAttribute('data-muat', 'ya');
    if (!navigator.onLine) {
      say(word('offline'));
    }
  });
}());
