// The dashboard's only script: live sections, action buttons and forms that call the JSON API.
// Server-rendered HTML arrives escaped; anything this script writes from a response goes in as text.
(function () {
  'use strict';
  var POLL_MS = 1000;

  function flash(message, ok) {
    var box = document.getElementById('flash');
    if (!box) { return; }
    box.textContent = message;
    box.className = ok ? 'ok' : 'bad';
    box.hidden = false;
  }

  function errorOf(response) {
    return response.text().then(function (text) {
      try { return JSON.parse(text).error || response.statusText; } catch (e) { return text || response.statusText; }
    });
  }

  // Sections marked data-poll reload their content from the server until it says data-final.
  // A section is left alone while the person is typing in it, and when nothing changed.
  function refresh(section) {
    return fetch(section.getAttribute('data-poll'), { headers: { 'Accept': 'text/html' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r); })
      .then(function (html) {
        var focused = document.activeElement;
        var typing = focused && section.contains(focused) && /^(INPUT|TEXTAREA|SELECT)$/.test(focused.tagName);
        if (!typing && section.getAttribute('data-last') !== html) {
          section.innerHTML = html;
          section.setAttribute('data-last', html);
        }
      })
      .catch(function () { /* the next poll tries again */ });
  }

  function refreshAll() {
    var sections = document.querySelectorAll('[data-poll]');
    return Promise.all(Array.prototype.map.call(sections, refresh));
  }

  function schedule() {
    setTimeout(function () {
      var live = Array.prototype.filter.call(document.querySelectorAll('[data-poll]'), function (s) {
        return !s.querySelector('[data-final]');
      });
      if (live.length === 0) { schedule(); return; }
      Promise.all(live.map(refresh)).then(schedule, schedule);
    }, POLL_MS);
  }

  function send(method, url, body, headers) {
    var h = headers || {};
    h['Accept'] = 'application/json';
    return fetch(url, { method: method, body: body, headers: h, credentials: 'same-origin' });
  }

  // Buttons with data-url call the API, then the live sections reload.
  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-url]');
    if (!button) { return; }
    var confirmText = button.getAttribute('data-confirm');
    if (confirmText && !window.confirm(confirmText)) { return; }
    button.disabled = true;
    send(button.getAttribute('data-method') || 'POST', button.getAttribute('data-url'))
      .then(function (r) {
        if (!r.ok) { return errorOf(r).then(function (m) { flash(m, false); }); }
        flash(button.textContent + ': done', true);
        return refreshAll();
      })
      .catch(function (e) { flash(String(e), false); })
      .finally(function () { button.disabled = false; });
  });

  // Forms with data-url post to the API: as JSON, as multipart, or as query parameters.
  document.addEventListener('submit', function (event) {
    var form = event.target.closest('form[data-url]');
    if (!form) { return; }
    event.preventDefault();
    var url = form.getAttribute('data-url');
    var kind = form.getAttribute('data-body');
    var request;
    if (kind === 'json') {
      var params;
      try {
        params = JSON.parse(form.elements.params.value || 'null');
      } catch (e) {
        flash('params are not valid JSON: ' + e.message, false);
        return;
      }
      request = send('POST', url, JSON.stringify({ name: form.elements.name.value, params: params }),
        { 'Content-Type': 'application/json' });
    } else if (kind === 'multipart') {
      request = send('POST', url, new FormData(form));
    } else {
      request = send('POST', url + '?' + new URLSearchParams(new FormData(form)).toString());
    }
    request.then(function (r) {
      if (!r.ok) { return errorOf(r).then(function (m) { flash(m, false); }); }
      if (r.status === 201) {
        return r.json().then(function (task) { window.location.assign('/tasks/' + task.id); });
      }
      return r.json().then(function (body) {
        flash(body.kicked !== undefined ? 'kicked ' + body.kicked : 'done', true);
        return refreshAll();
      });
    }).catch(function (e) { flash(String(e), false); });
  });

  schedule();
}());
