// Dossier's page script. No inline scripts anywhere (the CSP forbids them).
(function () {
  'use strict';

  // The source viewer: a link that carries only the fragment (#s-START-END)
  // gets the server-side highlight by adding ?span=START-END once.
  var m = /^#s-(\d+)-(\d+)$/.exec(window.location.hash);
  if (m && document.querySelector('.source-text') && !document.querySelector('mark.target')) {
    var params = new URLSearchParams(window.location.search);
    if (params.get('span') !== m[1] + '-' + m[2]) {
      params.set('span', m[1] + '-' + m[2]);
      window.location.replace(window.location.pathname + '?' + params.toString() + window.location.hash);
      return;
    }
  }

  // Move keyboard focus to the highlighted span so screen readers land there.
  document.addEventListener('DOMContentLoaded', function () {
    var target = document.querySelector('mark.target');
    if (target) {
      target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: false });
    }
  });
})();
