// upload.js - a progress bar for uploads. Any <form data-upload> that holds a
// file input is sent with XMLHttpRequest instead, so that a <progress>
// element with a label and a spoken status can show how far the upload got.
// Without JavaScript, or in a browser without FormData, the same form posts
// as it always does; the server answers both the same way.
//
// The messages come from the script tag's data-* attributes, which the page
// fills in the user's language (templates/partials/foot.mustache).
(function () {
  'use strict';

  var script = document.currentScript;
  var counter = 0;

  function message(name, fallback) {
    var v = script && script.getAttribute('data-' + name);
    return v || fallback;
  }

  var text = {
    sending: message('sending', 'Mengunggah berkas…'),
    progress: message('progress', 'Terunggah {percent}%'),
    done: message('done', 'Unggahan selesai, memuat halaman…'),
    failed: message('failed', 'Unggahan gagal. Periksa sambungan lalu kirim lagi.'),
  };

  // The progress bar with its label and a live status line, added once to
  // the end of the form.
  function progressBox(form) {
    var box = form.querySelector('.upload-progress');
    if (box) {
      return box;
    }
    var id = 'upload-progress-' + (++counter);
    box = document.createElement('div');
    box.className = 'upload-progress';
    var label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = text.sending;
    var bar = document.createElement('progress');
    bar.id = id;
    bar.max = 100;
    bar.value = 0;
    var status = document.createElement('p');
    status.className = 'upload-status';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    box.appendChild(label);
    box.appendChild(bar);
    box.appendChild(status);
    form.appendChild(box);
    return box;
  }

  function setButtons(form, disabled) {
    var buttons = form.querySelectorAll('button, input[type=submit]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].disabled = disabled;
    }
  }

  // Show the server's page as it came: an error page or the form with what
  // was refused, already in the user's language.
  function showPage(html) {
    document.open();
    document.write(html);
    document.close();
  }

  // The page the server sent us to, and when it is this same page again,
  // the place of the form on it (the request followed the redirect, so a
  // fragment the server gave is lost): the reader lands where they were.
  function target(url, form) {
    var there = new URL(url, window.location.href);
    var holder = form.parentElement && form.parentElement.closest('[id]');
    if (there.hash || there.pathname !== window.location.pathname || !holder ||
        holder.id === 'main') {
      return there.href;
    }
    there.hash = holder.id;
    return there.href;
  }

  // Load url. When it is this page but for the fragment, assign() would
  // only scroll; reload it instead, which keeps the reader's place.
  function go(url) {
    var here = window.location.href.split('#')[0];
    if (url.split('#')[0] === here) {
      window.history.replaceState(null, '', url);
      window.location.reload();
    } else {
      window.location.assign(url);
    }
  }

  function send(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) {
      data.append(submitter.name, submitter.value);
    }
    var action = form.action;
    var xhr = new XMLHttpRequest();
    var box = progressBox(form);
    var bar = box.querySelector('progress');
    var status = box.querySelector('.upload-status');
    var spoken = -10;

    box.hidden = false;
    bar.value = 0;
    status.textContent = text.sending;
    form.setAttribute('aria-busy', 'true');
    setButtons(form, true);

    xhr.open('POST', action);
    xhr.setRequestHeader('Accept', 'text/html');
    xhr.upload.addEventListener('progress', function (ev) {
      if (!ev.lengthComputable || ev.total === 0) {
        bar.removeAttribute('value');
        return;
      }
      var percent = Math.floor((ev.loaded * 100) / ev.total);
      bar.value = percent;
      // Spoken every tenth, not at every event.
      if (percent >= spoken + 10 || percent === 100) {
        spoken = percent;
        status.textContent = text.progress.replace('{percent}', String(percent));
      }
    });
    xhr.addEventListener('load', function () {
      form.removeAttribute('aria-busy');
      if (xhr.status >= 200 && xhr.status < 300) {
        status.textContent = text.done;
        // The server answers a good upload with 303 to a page, which the
        // request followed: go there. An answer at the form's own address
        // is a page of its own: show it.
        if (xhr.responseURL && xhr.responseURL !== action) {
          go(target(xhr.responseURL, form));
        } else {
          showPage(xhr.responseText);
        }
        return;
      }
      showPage(xhr.responseText);
    });
    xhr.addEventListener('error', function () {
      form.removeAttribute('aria-busy');
      status.textContent = text.failed;
      setButtons(form, false);
    });
    xhr.addEventListener('abort', function () {
      form.removeAttribute('aria-busy');
      setButtons(form, false);
    });
    xhr.send(data);
  }

  function enhance(form) {
    if (!form.querySelector('input[type=file]')) {
      return;
    }
    form.addEventListener('submit', function (ev) {
      if (ev.defaultPrevented) {
        return;
      }
      ev.preventDefault();
      if (form.getAttribute('aria-busy') === 'true') {
        return;
      }
      send(form, ev.submitter);
    });
  }

  if (!window.FormData || !window.XMLHttpRequest) {
    return;
  }
  var forms = document.querySelectorAll('form[data-upload]');
  for (var i = 0; i < forms.length; i++) {
    enhance(forms[i]);
  }
})();
