// The map of incidents (/map). Reads the events from the map element's
// data-events attribute (GeoJSON written by the server) and the bundled
// province boundaries from window.DossierBoundaries (/assets/boundaries.js),
// then draws synchronously: no fetch, no tile server, no inline style.
// Document text is only ever put into the page with textContent.
(function () {
  'use strict';

  // Sequential palette; the same colours are the .sw-N classes in app.css.
  var PALETTE = ['#f4f1ea', '#fdd9b5', '#fbb07f', '#f0804f', '#d6472f', '#a11d21'];
  var BINS = 5;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = String(text);
    return e;
  }

  function svgEl(tag, attrs) {
    var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }

  function placeText(p) {
    var parts = [];
    [p.place, p.admin2_name, p.admin1_name, p.country].forEach(function (x) {
      if (x && parts.indexOf(x) < 0) parts.push(x);
    });
    return parts.join(', ') || 'place not given';
  }

  var PRECISION = {
    city: 'town (point)',
    admin2: 'district (approximate point)',
    admin1: 'province (drawn as the area)',
    country: 'country (drawn as the area)'
  };

  function toll(p) {
    if (p.fatalities_best == null) return 'toll not given';
    var s = p.fatalities_best + ' killed';
    if (p.fatalities_low != null && p.fatalities_high != null && p.fatalities_low !== p.fatalities_high) {
      s += ' (sources give ' + p.fatalities_low + '–' + p.fatalities_high + ')';
    }
    return s;
  }

  function eventBlock(p) {
    var box = el('div', 'popup-event');
    box.appendChild(el('strong', null, (p.date || 'undated') + ' — ' + placeText(p)));
    box.appendChild(el('div', null, p.perpetrator ? p.perpetrator.name : 'perpetrator unknown'));
    box.appendChild(el('div', null, toll(p)));
    box.appendChild(el('div', 'precision', 'Located to: ' + (PRECISION[p.place_kind] || 'unknown')));
    var a = el('a', null, 'Incident ' + p.id + ': reports and sources');
    a.href = '/events/' + encodeURIComponent(p.id);
    box.appendChild(a);
    return box;
  }

  function popupList(title, list) {
    var box = el('div', 'popup');
    box.appendChild(el('p', 'popup-title', title));
    list.forEach(function (p) { box.appendChild(eventBlock(p)); });
    return box;
  }

  function run() {
    var node = document.getElementById('map');
    if (!node) return;
    var status = document.getElementById('map-status');
    if (!window.L || !window.DossierBoundaries) {
      if (status) status.textContent = 'The map could not be drawn; the table below lists the events.';
      return;
    }
    var data;
    try {
      data = JSON.parse(node.getAttribute('data-events') || '{}');
    } catch (e) {
      data = {};
    }
    var events = (data.features || []).map(function (f) { return f.properties; });
    var boundaries = window.DossierBoundaries;
    var metric = node.getAttribute('data-metric') || 'incidents';

    var provinceName = {};
    var countryKnown = {};
    boundaries.features.forEach(function (f) {
      provinceName[f.properties.iso] = f.properties.name;
      countryKnown[f.properties.country] = true;
    });

    // Per province: incidents with at least one death, and the number killed.
    var stats = {};
    events.forEach(function (p) {
      if (!p.admin1 || !provinceName[p.admin1]) return;
      var s = stats[p.admin1] || (stats[p.admin1] = { deadly: 0, killed: 0, events: 0 });
      var t = p.fatalities_best || 0;
      s.events += 1;
      if (t >= 1) s.deadly += 1;
      s.killed += t;
    });
    function value(iso) {
      var s = stats[iso];
      if (!s) return 0;
      return metric === 'fatalities' ? s.killed : s.deadly;
    }
    function maxValue() {
      var m = 0;
      Object.keys(stats).forEach(function (k) { m = Math.max(m, value(k)); });
      return m;
    }
    var max = maxValue();
    function bin(v) {
      if (metric === 'none' || !v || !max) return 0;
      return Math.min(BINS, Math.max(1, Math.ceil(BINS * v / max)));
    }

    var map = L.map(node, { zoomSnap: 0.25, minZoom: 2, maxZoom: 11, keyboard: true });
    map.attributionControl.setPrefix('<a href="/assets/leaflet/LICENSE">Leaflet</a>');
    map.attributionControl.addAttribution('Boundaries: Natural Earth, before the 2018 FATA merger');

    function provinceStyle(f) {
      return {
        className: 'province',
        color: '#5f5f5f',
        weight: 1,
        fillColor: PALETTE[bin(value(f.properties.iso))],
        fillOpacity: 0.9
      };
    }
    var provinces = L.geoJSON(boundaries, {
      style: provinceStyle,
      onEachFeature: function (f, layer) {
        layer.bindTooltip(function () {
          var s = stats[f.properties.iso] || { deadly: 0, killed: 0, events: 0 };
          var box = el('div', 'province-tip');
          box.appendChild(el('strong', null, f.properties.name));
          if (f.properties.former) box.appendChild(el('div', 'small', 'former ' + f.properties.former));
          box.appendChild(el('div', null, s.events + ' incident(s), ' + s.deadly + ' with at least one death, ' + s.killed + ' killed'));
          return box;
        }, { sticky: true });
      }
    });
    // The view first: Leaflet draws vector layers only on a map that has one.
    map.fitBounds(provinces.getBounds(), { padding: [8, 8] });
    provinces.addTo(map);

    var drawnPoints = 0;
    var drawnAreas = 0;
    var notDrawn = 0;
    var byProvince = {};
    var byCountry = {};
    var points = [];
    events.forEach(function (p) {
      var kind = p.place_kind;
      if ((kind === 'city' || kind === 'admin2') && p.lat != null && p.lon != null) {
        points.push(p);
      } else if (kind === 'admin1' && p.admin1 && provinceName[p.admin1]) {
        (byProvince[p.admin1] = byProvince[p.admin1] || []).push(p);
      } else if (kind === 'country' && p.country && countryKnown[p.country]) {
        (byCountry[p.country] = byCountry[p.country] || []).push(p);
      } else {
        notDrawn += 1;
      }
    });

    // Areas: events known only to a province or a country are that area.
    function area(features, list, className, title) {
      var layer = L.geoJSON({ type: 'FeatureCollection', features: features }, {
        style: { className: className, color: '#4b2381', weight: className === 'area-event' ? 3 : 2.5,
                 dashArray: className === 'area-event' ? '7 4' : '2 5', fill: true,
                 fillColor: '#4b2381', fillOpacity: 0.1 }
      });
      layer.bindPopup(popupList(title, list));
      layer.addTo(map);
      drawnAreas += list.length;
    }
    Object.keys(byCountry).sort().forEach(function (cc) {
      var list = byCountry[cc];
      area(boundaries.features.filter(function (f) { return f.properties.country === cc; }), list,
           'area-event area-country', list.length + ' incident(s) located only to ' + cc);
    });
    Object.keys(byProvince).sort().forEach(function (iso) {
      var list = byProvince[iso];
      area(boundaries.features.filter(function (f) { return f.properties.iso === iso; }), list,
           'area-event', list.length + ' incident(s) located only to ' + provinceName[iso]);
    });

    // Points, largest first so small ones stay on top and clickable.
    points.sort(function (a, b) { return (b.fatalities_best || 0) - (a.fatalities_best || 0); });
    points.forEach(function (p) {
      var t = p.fatalities_best;
      var approx = p.place_kind === 'admin2';
      var r = t == null ? 5 : Math.min(30, 5 + 2.5 * Math.sqrt(t));
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: r,
        className: 'event-marker' + (approx ? ' approx' : '') + (t == null ? ' unknown-toll' : ''),
        color: '#1d1d1d',
        weight: approx ? 1.5 : 1,
        dashArray: approx ? '3 3' : null,
        fillColor: t == null ? '#ffffff' : '#b3261e',
        fillOpacity: t == null ? 0.5 : 0.65
      });
      marker.bindPopup(popupList(PRECISION[p.place_kind] || '', [p]));
      marker.addTo(map);
      drawnPoints += 1;
    });

    // The legend.
    var legend = L.control({ position: 'bottomright' });
    var legendBox = el('div', 'legend');
    legend.onAdd = function () { return legendBox; };
    function swatch(i, label) {
      var row = el('div', 'legend-row');
      row.appendChild(el('span', 'sw sw-' + i));
      row.appendChild(el('span', null, label));
      return row;
    }
    function symbol(draw, label) {
      var row = el('div', 'legend-row');
      var svg = svgEl('svg', { width: 34, height: 22, viewBox: '0 0 34 22', 'aria-hidden': 'true' });
      draw(svg);
      row.appendChild(svg);
      row.appendChild(el('span', null, label));
      return row;
    }
    function drawLegend() {
      while (legendBox.firstChild) legendBox.removeChild(legendBox.firstChild);
      legendBox.appendChild(el('h2', 'legend-title', 'Legend'));
      if (metric !== 'none') {
        legendBox.appendChild(el('p', 'legend-sub', metric === 'fatalities'
          ? 'Killed, per province' : 'Incidents with at least one death, per province'));
        legendBox.appendChild(swatch(0, 'none'));
        for (var i = 1; i <= BINS; i++) {
          var lo = Math.floor((i - 1) * max / BINS) + 1;
          var hi = Math.floor(i * max / BINS);
          if (max && lo <= hi) legendBox.appendChild(swatch(i, lo === hi ? String(lo) : lo + '–' + hi));
        }
      }
      legendBox.appendChild(el('p', 'legend-sub', 'Incidents'));
      [1, 10, 100].forEach(function (t) {
        var r = Math.min(30, 5 + 2.5 * Math.sqrt(t)) / 2.5;
        legendBox.appendChild(symbol(function (svg) {
          svg.appendChild(svgEl('circle', { cx: 17, cy: 11, r: r, 'class': 'legend-point' }));
        }, t + ' killed (town)'));
      });
      legendBox.appendChild(symbol(function (svg) {
        svg.appendChild(svgEl('circle', { cx: 17, cy: 11, r: 5, 'class': 'legend-point legend-approx' }));
      }, 'district, approximate'));
      legendBox.appendChild(symbol(function (svg) {
        svg.appendChild(svgEl('rect', { x: 3, y: 3, width: 28, height: 16, 'class': 'legend-area' }));
      }, 'known only to the province'));
      legendBox.appendChild(symbol(function (svg) {
        svg.appendChild(svgEl('rect', { x: 3, y: 3, width: 28, height: 16, 'class': 'legend-area legend-country' }));
      }, 'known only to the country'));
    }
    drawLegend();
    // On a phone the legend would cover the map: it goes under it instead.
    if (node.clientWidth < 560) {
      legendBox.className = 'legend legend-below';
      node.parentNode.insertBefore(legendBox, node.nextSibling);
    } else {
      legend.addTo(map);
    }

    // Switching the shading needs no reload.
    Array.prototype.forEach.call(document.querySelectorAll('input[name="metric"]'), function (input) {
      input.addEventListener('change', function () {
        if (!input.checked) return;
        metric = input.value;
        node.setAttribute('data-metric', metric);
        max = maxValue();
        provinces.setStyle(provinceStyle);
        drawLegend();
      });
    });

    node.setAttribute('data-rendered', String(drawnPoints + drawnAreas));
    node.setAttribute('data-points', String(drawnPoints));
    node.setAttribute('data-areas', String(drawnAreas));
    if (status) {
      status.textContent = events.length + ' incident(s): ' + drawnPoints + ' drawn as points, ' + drawnAreas +
        ' as areas, ' + notDrawn + ' not drawn (no place, a region, or outside the bundled boundaries).';
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', run);
  } else {
    run();
  }
})();
